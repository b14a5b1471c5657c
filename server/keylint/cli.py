"""`keylint check | rule | serve | probe`: a thin front-end over keylint.core.

Exit status is a contract for CI and pre-commit: 0 no findings, 1 findings, 2 usage or
I/O error. Heavy modules are imported only by the subcommand that needs them.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from keylint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keylint",
        description="Catch API-key configuration mistakes in .env files, shell rc files "
        "and AI-tool configs.",
    )
    parser.add_argument("--version", action="version", version=f"keylint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files and folders (default: .)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--select", help="comma-separated rule codes or prefixes to enable")
    check.add_argument("--ignore", help="comma-separated rule codes or prefixes to disable")
    check.add_argument("--kind", choices=("dotenv", "shell"), help="read every file as this kind")
    check.add_argument("--home", metavar="DIR", help="the folder that stands for ~ ($HOME)")
    check.add_argument("--config", metavar="FILE", help="configuration file (default: discovered)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--diff", action="store_true", help="print fixes as a diff, write nothing")
    check.add_argument("--no-color", action="store_true", help="never colour the output")

    rule = sub.add_parser("rule", help="explain a rule (keylint rule KL101)")
    rule.add_argument("code", nargs="?", help="rule code or name")
    rule.add_argument("--all", action="store_true", help="list every rule")

    probe = sub.add_parser(
        "probe", help="check a key live with one cheap request to its provider",
        description="Send one cheap, read-only request with a key, to its provider's host, "
        "and explain the answer. Exit status: 0 valid, 1 any other outcome or a refusal, "
        "2 usage error.",
    )
    probe.add_argument("target", nargs="?", metavar="PATH[:LINE]",
                       help="the file defining the key (and the line of its assignment)")
    probe.add_argument("--var", metavar="NAME", help="the variable holding the key")
    probe.add_argument("--env", metavar="NAME",
                       help="probe the value this process's environment holds for NAME")
    probe.add_argument("--base-url", metavar="URL", help="send the key through this base URL")
    probe.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="trust HOST with the key although it is not the provider's "
                       "(repeatable)")
    probe.add_argument("--timeout", type=float, metavar="S",
                       help="seconds to wait for an answer (default 10)")
    probe.add_argument("--billable", action="store_true",
                       help="allow a probe that costs money (asks to confirm)")
    probe.add_argument("--yes", action="store_true",
                       help="confirm a --billable probe without asking")
    probe.add_argument("--format", choices=("text", "json"), default="text")
    probe.add_argument("--config", metavar="FILE", help="configuration file (default: discovered)")

    serve = sub.add_parser("serve", help="run the language server (stdio)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead (debugging)")
    serve.add_argument("--log-level", default="WARNING", help="stderr log level")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        # A check is short: what it allocates, reference counting frees. The cycle collector
        # would only walk, again and again, the tens of thousands of objects the imports
        # create (a tenth of a check's time), so it is paused for the check. On the command
        # line (no `argv`) the process ends next: freezing what is left spares the
        # interpreter's final collection the same walk.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return _check(args)
        finally:
            if argv is None:
                gc.freeze()
            if collecting:
                gc.enable()
    if args.command == "rule":
        return _rule(args, parser)
    if args.command == "probe":
        return _probe(args, parser)
    if args.command == "serve":
        from keylint.lsp.code_cache import import_lsprotocol

        import_lsprotocol()  # first: its disk cache takes most of the start-up time away
        from keylint.lsp.server import run

        return run(tcp=args.tcp, log_level=args.log_level)
    parser.print_help()
    return EXIT_ERROR


def _error(message: str) -> None:
    print(f"keylint: error: {message}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from keylint.core import config as config_module
    from keylint.core.analyze import UnreadableFile, analyze, document_for, read_text
    from keylint.core.fixes import fix_document
    from keylint.core.model import FileKind
    from keylint.output import FileReport, to_json, to_text

    if args.fix and args.diff:
        _error("--fix and --diff cannot be combined")
        return EXIT_ERROR
    try:
        if args.config:
            config = config_module.load(Path(args.config))
        else:
            config = config_module.discover(Path(args.paths[0]))
        config = config.with_overrides(
            select=args.select and [args.select], ignore=args.ignore and [args.ignore]
        )
    except config_module.ConfigError as error:
        _error(str(error))
        return EXIT_ERROR

    kind = FileKind(args.kind) if args.kind else None
    reports: list[FileReport] = []
    failed = False
    diffs: list[str] = []
    for path in _expand(args.paths):
        if path is None:
            failed = True
            continue
        try:
            text, lossy = read_text(path)
        except UnreadableFile as error:
            _error(f"{path}: {error}")
            failed = True
            continue
        doc = document_for(str(path), text, kind)
        if doc is None:
            continue
        if args.fix or args.diff:
            fixed = fix_document(doc, config)
            if fixed != text:
                if args.diff:
                    diffs.append(_unified_diff(str(path), text, fixed))
                elif lossy:
                    _error(f"{path}: not fixed: the file is not valid UTF-8")
                    failed = True
                else:
                    _write(path, fixed)
                    doc = document_for(str(path), fixed, kind) or doc
        reports.append(FileReport(doc, analyze(doc, config)))

    if args.diff:
        sys.stdout.write("".join(diffs))
        return EXIT_ERROR if failed else (EXIT_FINDINGS if diffs else EXIT_CLEAN)
    if args.format == "json":
        print(to_json(reports))
    else:
        color = not args.no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(to_text(reports, config, color=color))
    if failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(r.findings for r in reports) else EXIT_CLEAN


def _expand(paths: Sequence[str]) -> list[Path | None]:
    """Files to check: named files always (with --kind or a known name), folders walked.

    A path that does not exist is reported and yields None (exit status 2).
    """
    from keylint.core.files import walk

    found: list[Path | None] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(walk(path))
        elif path.exists():
            found.append(path)
        else:
            _error(f"{raw}: no such file or directory")
            found.append(None)
    return found


def _unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    marker = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith(("\n", "\r")) else line + marker for line in lines)


def _write(path: Path, text: str) -> None:
    """Write back byte for byte what the fix produced: line endings and BOM untouched."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _probe(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`keylint probe`: plan (every safety rule, no network), confirm, send, report."""
    from keylint.core import config as config_module
    from keylint.core.probe import ProbeRefusal, plan_env_probe, plan_probe, run_probe
    from keylint.core.probe_settings import MAX_TIMEOUT, normalize_host, valid_host
    from keylint.probe_output import findings_text, refusal_text, result_text, to_json

    if (args.target is None) == (args.env is None):
        parser.error("probe: give either PATH[:LINE] or --env NAME")
    if args.env is not None and args.var is not None:
        parser.error("probe: --var names a variable in a file; with --env, NAME is the variable")
    if args.timeout is not None and not 0 < args.timeout <= MAX_TIMEOUT:
        parser.error(f"probe: --timeout must be above 0 and at most {MAX_TIMEOUT:g} seconds")
    hosts = [normalize_host(h) for h in args.allow_host]
    bad = next((h for h, n in zip(args.allow_host, hosts, strict=True) if not valid_host(n)), None)
    if bad is not None:
        parser.error(f"probe: --allow-host {bad!r} is not a host (no scheme, port or path)")
    try:
        start = Path(args.target.rpartition(":")[0] or args.target) if args.target else Path()
        config = (config_module.load(Path(args.config)) if args.config
                  else config_module.discover(start if start.exists() else Path()))
    except config_module.ConfigError as error:
        _error(str(error))
        return EXIT_ERROR
    options = {"config": config, "base_url": args.base_url, "allow_hosts": hosts,
               "billable": args.billable, "timeout": args.timeout}
    if args.env is not None:
        from keylint.core.env_value import check_env_value

        value = os.environ.get(args.env)
        findings = check_env_value(args.env, value, config) if value is not None else []
        if findings:
            print(findings_text(args.env, findings),
                  file=sys.stderr if args.format == "json" else sys.stdout)
        plan = plan_env_probe(args.env, **options)
    else:
        located = _probe_file(args.target)
        if isinstance(located, int):
            return located
        path, text, line = located
        plan = plan_probe(text, str(path), line=line, variable=args.var, **options)
    if isinstance(plan, ProbeRefusal) and plan.usage:
        _error(f"probe: {plan.message}")
        return EXIT_ERROR
    if not isinstance(plan, ProbeRefusal) and plan.billable and not _confirm_billable(
            plan.endpoint, args.yes):
        plan = ProbeRefusal("billable", "the billable probe was not confirmed",
                            "Confirm on a terminal, or add --yes to confirm in a script.",
                            variable=plan.variable, provider=plan.provider.id,
                            provider_name=plan.provider.name, key=plan.redacted_key,
                            endpoint=plan.endpoint)
    if isinstance(plan, ProbeRefusal):
        print(to_json(plan) if args.format == "json" else refusal_text(plan))
        return EXIT_FINDINGS
    result = run_probe(plan, timeout=args.timeout)
    print(to_json(result) if args.format == "json" else result_text(result))
    return EXIT_CLEAN if result.valid else EXIT_FINDINGS


def _probe_file(target: str) -> tuple[Path, str, int | None] | int:
    """PATH or PATH:LINE (1-based on the command line, 0-based after), and the file's text;
    an exit status when the file cannot be read. A path that exists as given wins, so a
    file name with a colon still works."""
    from keylint.core.analyze import UnreadableFile, read_text

    path, line = Path(target), None
    head, _, tail = target.rpartition(":")
    if not path.exists() and head and tail.isdigit():
        path, line = Path(head), int(tail) - 1
        if line < 0:
            _error(f"{target}: line numbers start at 1")
            return EXIT_ERROR
    try:
        text, _lossy = read_text(path)
    except UnreadableFile as error:
        _error(f"{path}: {error}")
        return EXIT_ERROR
    return path, text, line


def _confirm_billable(endpoint: str, yes: bool) -> bool:
    """A paid request needs a human yes on a terminal, or --yes; never a silent default."""
    if yes:
        return True
    if not sys.stdin.isatty():
        return False
    print(f"This probe costs money: {endpoint}. Send it? [y/N] ", end="", file=sys.stderr,
          flush=True)
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _rule(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from keylint.core.rules import all_rules, get
    from keylint.docs import rule_markdown

    if args.all:
        for rule in all_rules():
            fix = " (fix)" if rule.fix else ""
            print(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}{fix}")
        return EXIT_CLEAN
    if not args.code:
        parser.error("rule: give a rule code (keylint rule KL101) or --all")
    rule = get(args.code)
    if rule is None:
        _error(f"unknown rule {args.code!r}; `keylint rule --all` lists them")
        return EXIT_ERROR
    print(rule_markdown(rule))
    return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
