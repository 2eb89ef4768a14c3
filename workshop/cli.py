"""The `workshop` command: parses arguments and hands over to the right part.

Kept cheap to import: the TUI, the phone server and the reports are imported
only by the commands that use them, so `workshop check` never loads Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from workshop import __version__

if TYPE_CHECKING:
    from workshop.launch import Start
    from workshop.tui.app import WorkshopApp

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="Run co-produced clinical risk training from one laptop on a projector.",
        epilog="With no command, opens the library of scenarios.",
    )
    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    add_global_options(parser, defaults=True)
    # The same options after the command too: `workshop report ID --data-dir DIR`.
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, defaults=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", parents=[common], help="check scenario files and report every problem"
    )
    check.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", type=Path)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (one line per problem, as compilers print them) or json (for editors and CI)",
    )

    preview = commands.add_parser(
        "preview",
        parents=[common],
        help="show a scenario as a session would, redrawn each time the file is saved",
    )
    preview.add_argument("file", metavar="FILE", type=Path)

    new = commands.add_parser("new", parents=[common], help="write a commented starting scenario")
    new.add_argument("file", metavar="FILE", type=Path)

    commands.add_parser(
        "schema", parents=[common], help="print the JSON Schema of the scenario format"
    )

    run = commands.add_parser(
        "run", parents=[common], help="run one scenario, skipping the library"
    )
    run.add_argument("file", metavar="FILE", type=Path)
    run.add_argument(
        "--cohort", default="", metavar="LABEL", help="e.g. 'Cohort 3, adult social care'"
    )
    run.add_argument(
        "--vote",
        choices=("keypad", "phones"),
        default="keypad",
        help="how participants vote: at this laptop's keypad, or on their own phones",
    )
    add_phone_options(run)

    resume = commands.add_parser(
        "resume", parents=[common], help="continue the latest unfinished session, or the one named"
    )
    resume.add_argument(
        "session", nargs="?", metavar="SESSION", help="a record file, its name or an id prefix"
    )
    add_phone_options(resume)

    commands.add_parser("sessions", parents=[common], help="list saved session records")

    report = commands.add_parser(
        "report",
        parents=[common],
        help="export sessions as Markdown, HTML or CSV; several compare cohorts",
    )
    report.add_argument(
        "sessions", nargs="+", metavar="SESSION", help="a record file, its name or an id prefix"
    )
    report.add_argument("--format", choices=("md", "html", "csv"), default="md")
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: print it")
    return parser


def add_phone_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        metavar="H",
        help="with phones: the address phones join at (default: this laptop's on the network)",
    )
    parser.add_argument(
        "--port",
        metavar="P",
        type=port_number,
        help="with phones: the port (default 8765, or the next free; 0: any free port)",
    )


def port_number(text: str) -> int:
    """A port as typed after --port: a whole number from 0 to 65535, or argparse says why not."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: give a whole number from 1 to 65535, or 0 for any free port"
        )
    return port


def add_global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """--data-dir and --scenarios, before or after the command.

    After the command they have no defaults of their own (SUPPRESS), so they
    only override what was given before it.
    """
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None if defaults else argparse.SUPPRESS,
        help="where sessions, settings and your scenarios are kept "
        "(default: WORKSHOP_DATA_DIR or the platform's user data folder)",
    )
    parser.add_argument(
        "--scenarios",
        metavar="DIR",
        action="append",
        default=[] if defaults else argparse.SUPPRESS,
        help="another folder of scenarios to list in the library (repeatable)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `workshop schema | head`: the reader has gone; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return check_command(
            args.paths, strict=args.strict, today=date.today(), as_json=args.format == "json"
        )
    if args.command == "preview":
        if not args.file.is_file() and not args.file.parent.is_dir():
            return _error(f"{args.file}: no such file, nor a folder to wait for it in")
        from workshop.launch import PreviewFile

        return run_app(args, PreviewFile(args.file))
    if args.command == "new":
        return new_command(args.file, today=date.today())
    if args.command == "schema":
        return schema_command()
    if args.command == "sessions":
        from workshop.report.sessions_table import sessions_command
        from workshop.storage.paths import DataPaths

        return sessions_command(DataPaths.resolve(args.data_dir).sessions, sys.stdout)
    if args.command == "report":
        from workshop.report.commands import report_command
        from workshop.storage.paths import DataPaths

        folder = DataPaths.resolve(args.data_dir).sessions
        return report_command(args.sessions, args.format, args.output, folder, date.today())
    if args.command == "resume":
        return resume_command(args)
    if args.command == "run":
        if not args.file.is_file():
            return _error(f"{args.file}: no such scenario file")
        from workshop.storage.scenarios import read_scenario

        checked = read_scenario(args.file, date.today())
        if checked.errors:
            for problem in checked.errors:
                print(problem, file=sys.stderr)
            count = len(checked.errors)
            return _error(
                f"{args.file} has {count} error{'s' if count > 1 else ''}: fix "
                f"{'them' if count > 1 else 'it'}, then run it again "
                f"(`workshop check {args.file}` checks it)",
                EXIT_PROBLEMS,
            )
        from workshop.launch import PhoneAddress, RunFile

        phones = PhoneAddress(args.host, args.port)
        return run_app(args, RunFile(args.file, cohort=args.cohort, vote=args.vote, phones=phones))
    from workshop.launch import OpenLibrary

    return run_app(args, OpenLibrary())


def resume_command(args: argparse.Namespace) -> int:
    from workshop.storage.paths import DataPaths
    from workshop.storage.resume import latest_unfinished, plan_resume
    from workshop.storage.sessions import (
        RecordError,
        RecordLookupError,
        load_session,
        resolve_record,
    )

    folder = DataPaths.resolve(args.data_dir).sessions
    try:
        if args.session:
            record = resolve_record(args.session, folder)
        else:
            latest = latest_unfinished(folder)
            if latest is None:
                return _error(f"no unfinished session in {folder}; see `workshop sessions`")
            record = latest.path
        session = load_session(record)
    except (RecordLookupError, RecordError) as error:
        return _error(str(error))
    if session.finished:
        return _error(
            f"session {session.info.short_id} has finished; export it with "
            f"`workshop report {session.info.short_id}` or start a new one"
        )
    plan = plan_resume(record, session, folder, date.today())
    if plan.problem:
        return _error(f"cannot resume {record.name}: {plan.problem}")
    from workshop.launch import PhoneAddress, ResumeSession

    return run_app(args, ResumeSession(plan, PhoneAddress(args.host, args.port)))


def build_app(args: argparse.Namespace, start: Start) -> WorkshopApp:
    """The real app with real services: the platform's folders, clock and random ids."""
    import time
    import uuid
    from datetime import datetime

    from workshop.storage.config import load_config
    from workshop.storage.paths import DataPaths, bundled_scenarios_dir
    from workshop.tui.app import Services, WorkshopApp

    paths = DataPaths.resolve(args.data_dir)
    folders = (bundled_scenarios_dir(), paths.scenarios, *(Path(d) for d in args.scenarios))
    services = Services(
        paths=paths,
        config=load_config(paths.config),
        scenario_folders=tuple(dict.fromkeys(folders)),
        today=date.today(),
        now=datetime.now,
        clock=time.monotonic,
        new_id=lambda: uuid.uuid4().hex,
        version=__version__,
    )
    return WorkshopApp(services, start)


def run_app(args: argparse.Namespace, start: Start) -> int:
    app = build_app(args, start)
    app.run()
    return app.return_code or EXIT_OK


def _error(message: str, code: int = EXIT_USAGE) -> int:
    print(f"workshop: {message}", file=sys.stderr)
    return code


def check_command(
    paths: Sequence[Path], *, strict: bool, today: date, as_json: bool = False
) -> int:
    from workshop.storage.scenarios import UsageError, find_scenario_files, read_scenario
    from workshop.words import plural

    try:
        files = find_scenario_files(paths)
    except UsageError as error:
        return _error(str(error))
    errors = warnings = failed = 0
    found: list[dict[str, object]] = []
    for path in files:
        result = read_scenario(path, today)
        for problem in result.problems:
            if as_json:
                found.append(problem.as_json())
            else:
                print(problem)
        errors += len(result.errors)
        warnings += len(result.warnings)
        failed += bool(result.errors or (strict and result.warnings))
    if as_json:  # one object per problem, in file order; the exit status says the rest
        import json

        print(json.dumps(found, indent=2, ensure_ascii=False))
        return EXIT_PROBLEMS if failed else EXIT_OK
    summary = f"{plural(len(files), 'file')} checked: "
    summary += f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if failed:
        summary += f"; {plural(failed, 'file')} refused"
        summary += " (--strict refuses warnings too)" if strict and warnings else ""
    elif warnings:
        summary += "; all load (--strict would refuse the warnings)"
    else:
        summary += "; all valid"
    print(summary)
    return EXIT_PROBLEMS if failed else EXIT_OK


def new_command(path: Path, *, today: date) -> int:
    from workshop.storage.templates import write_new_scenario

    if path.suffix != ".toml":
        return _error(f"{path}: a scenario file name must end in .toml")
    if path.exists():
        return _error(f"{path} already exists; choose another name or move it away first")
    if not path.parent.is_dir():
        return _error(f"{path.parent}: no such folder")
    try:
        schema_path = write_new_scenario(path, today)
    except FileExistsError:
        return _error(f"{path} already exists; choose another name or move it away first")
    except OSError as error:
        return _error(f"{path}: cannot write it ({error.strerror or error})")
    print(
        f"Wrote {path}. Replace each 'TO WRITE:' text with your own; "
        f"`workshop preview {path}` shows it as the room will see it, redrawn as you save, "
        f"and `workshop check --strict {path}` names every placeholder still left."
    )
    if schema_path is not None:
        print(f"Wrote {schema_path} beside it, for checking as you type in editors that use Taplo.")
    return EXIT_OK


def schema_command() -> int:
    from workshop.domain.schema import schema_json

    print(schema_json(), end="")
    return EXIT_OK
