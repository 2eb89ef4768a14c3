"""The story as a graph of stages: where each can lead, what is reached, what ends.

One reading of the paths for the checker (which works on the file's tables,
before a Scenario exists) and for the preview's branch map (which draws a
Scenario), so that both always agree on what is unreachable or never ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from workshop.domain.scenario import Scenario

Graph = Mapping[int, Sequence[int | None]]
"""Stage index -> the indexes it can lead to; None stands for the end of the story."""


@dataclass(frozen=True)
class Paths:
    reachable: frozenset[int]
    """Stages a session can reach from the first."""
    reaches_end: frozenset[int]
    """Stages from which some path reaches the end."""

    def unreachable(self, stages: int) -> tuple[int, ...]:
        return tuple(i for i in range(stages) if i not in self.reachable)

    def never_ends(self, stages: int) -> tuple[int, ...]:
        """Reachable stages whose every path loops back without ending."""
        return tuple(i for i in range(stages) if i in self.reachable and i not in self.reaches_end)


def story_graph(
    ids: Sequence[str],
    default_next: Callable[[int], str | None],
    option_nexts: Callable[[int], Sequence[str | None]],
) -> dict[int, list[int | None]]:
    """The graph from each stage's `next` and its options' `next` (None: not set).

    A stage without a `next` goes on to the one after it in the file; the last
    one ends the story. An option without a `next` follows its stage's.
    """
    index_of = {stage_id: index for index, stage_id in enumerate(ids)}
    graph: dict[int, list[int | None]] = {}
    for index in range(len(ids)):
        named = default_next(index)
        following = index + 1 if index + 1 < len(ids) else None
        default = index_of.get(named) if named else following
        targets = option_nexts(index) or [None]
        graph[index] = [index_of.get(t) if t else default for t in targets]
    return graph


def paths(graph: Graph) -> Paths:
    reachable = _closure({0} if graph else set(), lambda i: [n for n in graph[i] if n is not None])
    ends = {i for i, nexts in graph.items() if None in nexts}
    reverse: dict[int, list[int]] = {i: [] for i in graph}
    for source, targets in graph.items():
        for target in targets:
            if target is not None:
                reverse[target].append(source)
    reaches_end = _closure(ends, lambda i: reverse[i])
    return Paths(frozenset(reachable), frozenset(reaches_end))


def _closure(start: set[int], neighbours: Callable[[int], Iterable[int]]) -> set[int]:
    seen = set(start)
    todo = list(start)
    while todo:
        for following in neighbours(todo.pop()):
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


@dataclass(frozen=True)
class Branch:
    """Where the story goes from a stage: `label` says when ("then", "option 2")."""

    label: str
    target: str | None  # a stage id, or None for the end of the story


@dataclass(frozen=True)
class MapStage:
    number: int  # 1 for the first stage in the file
    stage_id: str
    title: str
    branches: tuple[Branch, ...]
    reachable: bool
    reaches_end: bool


def branch_map(scenario: Scenario) -> tuple[MapStage, ...]:
    """Every stage with every way out of it, and what the checker would warn of it."""
    stages = scenario.stages

    def option_nexts(index: int) -> list[str | None]:
        question = stages[index].question
        return [o.next for o in question.options] if question else []

    found = paths(story_graph([s.id for s in stages], lambda i: stages[i].next, option_nexts))
    result: list[MapStage] = []
    for index, stage in enumerate(stages):
        default = scenario.default_next(stage.id)
        branches: list[Branch] = []
        if stage.question is None:
            branches.append(Branch("then", default))
        else:
            by_target: dict[str | None, list[int]] = {}
            for number, option in enumerate(stage.question.options, 1):
                target = option.next if option.next is not None else default
                by_target.setdefault(target, []).append(number)
            for target, numbers in by_target.items():
                label = "then" if len(by_target) == 1 else _options_label(numbers)
                branches.append(Branch(label, target))
        result.append(
            MapStage(
                number=index + 1,
                stage_id=stage.id,
                title=stage.title,
                branches=tuple(branches),
                reachable=index in found.reachable,
                reaches_end=index in found.reaches_end,
            )
        )
    return tuple(result)


def _options_label(numbers: list[int]) -> str:
    """`option 3`, `options 1, 2 and 4`."""
    if len(numbers) == 1:
        return f"option {numbers[0]}"
    return f"options {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
