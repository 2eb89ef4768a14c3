"""The participant's page: plain HTML forms that work with JavaScript off, nicer with it on.

Everything is served by the tool itself (no CDN, no web fonts), every text
is escaped, and the page shows a participant only the current question, the
options and their own vote: never anyone else's vote while it is open, never
a note. With JavaScript on, a small script asks for the question every two
seconds and redraws it in place, so a new question appears without a reload.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from workshop.domain.tally import GROUPS
from workshop.web.sink import Ask, Split
from workshop.words import GROUP_LABELS, percent

PERSPECTIVE_CHOICES = {
    "lived_experience": "Lived experience of mental illness",
    "professional": "Professional (staff, students)",
    "carer": "Carer, family or friend",
    "not_given": "Prefer not to say",
}
DISCLOSURE = (
    "Choosing a group tells the facilitators, in counts only, which perspective your votes "
    "come from. It is your choice: \u201cPrefer not to say\u201d is always fine, and you can "
    "change it at any time. Votes are never linked to you, and small groups are only ever "
    "shown inside the total."
)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Page:
    language: str
    title: str
    body: str

    def html(self) -> str:
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{esc(self.language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(self.title)}</title>\n"
            '<link rel="stylesheet" href="/static/page.css">\n'
            '<script src="/static/page.js" defer></script>\n'
            f"</head>\n<body>\n<main>\n{self.body}\n</main>\n</body>\n</html>\n"
        )


def join_page(language: str, code: str = "", chosen: str | None = None, error: str = "") -> Page:
    """Join (or, already joined, change your group): the code and a perspective group."""
    changing = chosen is not None
    radios = "\n".join(
        f'<label class="choice"><input type="radio" name="perspective" value="{key}"'
        f"{' checked' if key == (chosen or 'not_given') else ''}> {esc(label)}</label>"
        for key, label in PERSPECTIVE_CHOICES.items()
    )
    code_field = (
        f'<input type="hidden" name="code" value="{esc(code)}">'
        if changing
        else '<label for="code">Join code (on the screen)</label>\n'
        f'<input id="code" name="code" value="{esc(code)}" autocomplete="off" '
        'autocapitalize="characters" spellcheck="false" required maxlength="12">'
    )
    alert = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
    title = "Your perspective group" if changing else "Join the vote"
    body = f"""<h1>{esc(title)}</h1>
{alert}
<form method="post" action="/join" id="join">
{code_field}
<fieldset>
<legend>Which group do your votes count in?</legend>
{radios}
</fieldset>
<p class="note">{esc(DISCLOSURE)}</p>
<button type="submit">{"Save" if changing else "Join"}</button>
</form>"""
    return Page(language, title, body)


def vote_page(language: str, ask: Ask | None, my_vote: int | None, counted: bool) -> Page:
    return Page(
        language,
        "Vote",
        f'<div id="question" aria-live="polite">\n'
        f"{question_html(ask, my_vote, counted)}\n</div>\n{_footer()}",
    )


def question_html(ask: Ask | None, my_vote: int | None, counted: bool) -> str:
    """The current question, the same for the page and the script (the script asks for it)."""
    if ask is None:
        return (
            "<h1>No vote is open</h1>\n"
            '<p class="status">The next question will appear here when the facilitators '
            "open the vote.</p>"
        )
    if not ask.open:
        parts = [
            "<h1>Vote closed</h1>",
            f'<p class="prompt">{esc(ask.prompt)}</p>',
            '<p class="status">Thank you. The result is on the main screen.</p>',
        ]
        if ask.result is not None:
            parts.append(result_html(ask.options, ask.result))
        return "\n".join(parts)
    chosen = (
        f'<p class="status" id="my-vote">Your vote: {my_vote}. '
        "You can change it until the vote closes.</p>"
        if my_vote
        else (
            '<p class="status" id="my-vote">Your vote in this round is counted.</p>'
            if counted
            else '<p class="status" id="my-vote">Choose one. Only you see your vote.</p>'
        )
    )
    buttons = "\n".join(
        _option_button(n, text, n == my_vote) for n, text in enumerate(ask.options, 1)
    )
    return f"""<h1 class="prompt">{esc(ask.prompt)}</h1>
{chosen}
<form method="post" action="/vote" class="options" data-round="{ask.round_id}">
<input type="hidden" name="round" value="{ask.round_id}">
{buttons}
</form>"""


def _option_button(number: int, text: str, chosen: bool) -> str:
    """A large button per option: at least 48 pixels high, the chosen one filled and marked."""
    css = "option chosen" if chosen else "option"
    mark = ' <span class="mark">(your vote)</span>' if chosen else ""
    return (
        f'<button type="submit" name="option" value="{number}" class="{css}" '
        f'aria-pressed="{"true" if chosen else "false"}">'
        f'<span class="number">{number}</span> {esc(text)}{mark}</button>'
    )


def result_html(options: tuple[str, ...], result: Split) -> str:
    """A closed round, with exactly the screen's folding of small groups."""
    rows = []
    for number, text in enumerate(options, 1):
        total = result.options[number - 1]
        groups = "".join(
            f"<li>{esc(GROUP_LABELS[g])}: {counts[number - 1]} "
            f"({percent(counts[number - 1], sum(counts))})</li>"
            for g, counts in result.groups
        )
        rows.append(
            f"<li><strong>{number}. {esc(text)}</strong>: {total} of {result.total} "
            f"({percent(total, result.total)})" + (f"<ul>{groups}</ul>" if groups else "") + "</li>"
        )
    folded = (
        f'<p class="note">{result.folded} vote{"s are" if result.folded != 1 else " is"} '
        "counted only in the total, so that no small group can be singled out.</p>"
        if result.folded
        else ""
    )
    return f'<h2>How the room voted</h2>\n<ol class="result">{"".join(rows)}</ol>\n{folded}'


def _footer() -> str:
    return (
        '<nav class="links"><a href="/">Check for the next question</a>'
        '<a href="/group">Change my perspective group</a></nav>'
    )


def message_page(language: str, title: str, text: str) -> Page:
    return Page(
        language,
        title,
        f'<h1>{esc(title)}</h1>\n<p class="status">{esc(text)}</p>\n'
        '<p class="links"><a href="/">Back</a></p>',
    )


assert set(PERSPECTIVE_CHOICES) == set(GROUPS)

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 112.5%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; background: #fff; line-height: 1.45; }
main { max-width: 36rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 .75rem; }
h2 { font-size: 1.2rem; margin: 1.25rem 0 .5rem; }
.prompt { font-size: 1.15rem; font-weight: 600; }
.status { color: #222; }
.note { font-size: .95rem; color: #333; }
.error { color: #8b0000; font-weight: 600; border-left: .3rem solid #8b0000; padding-left: .6rem; }
fieldset { border: 1px solid #666; border-radius: .4rem; margin: 1rem 0; padding: .5rem .75rem; }
legend { font-weight: 600; padding: 0 .3rem; }
label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
label.choice { display: flex; align-items: center; gap: .6rem; min-height: 44px; font-weight: 400;
  margin: .25rem 0; }
input[type=radio] { width: 1.4rem; height: 1.4rem; margin: 0; flex: none; }
input#code { font-size: 1.4rem; letter-spacing: .15em; text-transform: uppercase; width: 100%;
  min-height: 48px; padding: .3rem .6rem; border: 2px solid #333; border-radius: .4rem; }
button { display: block; width: 100%; min-height: 48px; margin: .6rem 0; padding: .7rem 1rem;
  font: inherit; font-weight: 600; text-align: left; color: #fff; background: #0b4f8a;
  border: 2px solid #0b4f8a; border-radius: .5rem; cursor: pointer; }
button.option { color: #111; background: #f2f5f9; border-color: #0b4f8a; }
button.option.chosen { color: #fff; background: #0b4f8a; }
button .number { display: inline-block; min-width: 1.6rem; font-weight: 700; }
button .mark { font-weight: 400; }
:focus-visible { outline: 3px solid #b35900; outline-offset: 3px; }
a { color: #0b4f8a; }
.links { margin-top: 1.5rem; font-size: .95rem; display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.links a { display: inline-block; min-height: 44px; padding: .6rem 0; }
ol.result { list-style: none; padding-left: 0; }  /* each row says its own number */
ol.result ul { padding-left: 1rem; }
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var box = document.getElementById("question");
  if (!box || !window.fetch) { return; }
  var shown = box.innerHTML;
  function show(html) {
    if (html === shown) { return; }
    var focused = box.contains(document.activeElement) ? document.activeElement : null;
    var round = focused && focused.form ? focused.form.dataset.round : null;
    var value = focused ? focused.value : null;
    box.innerHTML = html; shown = html;
    var again = round && value && box.querySelector(
      'form[data-round="' + round + '"] button[value="' + value + '"]');
    if (again) { again.focus(); }  // a vote cast from the keyboard keeps its place
  }
  function refresh() {
    fetch("/api/question?html=1", {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (q) { if (q && typeof q.html === "string") { show(q.html); } })
      .catch(function () {});
  }
  box.addEventListener("submit", function (event) {
    var button = event.submitter;
    var form = event.target;
    if (!button || !form.dataset.round) { return; }
    event.preventDefault();
    fetch("/api/vote?html=1", {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({round: Number(form.dataset.round), option: Number(button.value)})
    }).then(function (r) {
        if (!r.ok) { throw new Error("refused"); }  // the plain form shows the reason
        return r.json();
      })
      .then(function (q) { if (q && typeof q.html === "string") { show(q.html); } })
      .catch(function () {
        var option = document.createElement("input");
        option.type = "hidden"; option.name = "option"; option.value = button.value;
        form.appendChild(option); form.submit();
      });
  });
  setInterval(refresh, 2000);
})();
""".strip()
