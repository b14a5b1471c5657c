"""`make bench`: keylint's speed against its peers, on the same files in the same run.

Sections: the CLI on the real corpus (`keylint check` vs detect-secrets, dotenv-linter,
shellcheck, secretlint) and the language server's keystroke latency (see lsp_latency.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=("cli", "lsp"), help="run one section")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if args.only in (None, "cli"):
        import cli_speed

        if args.corpus.is_dir():
            print(f"## keylint check on {args.corpus} (median of {cli_speed.RUNS} runs)\n")
            print(cli_speed.report(cli_speed.run(args.corpus)))
            print()
        else:
            print(f"(skipping the CLI section: no corpus at {args.corpus})\n")
    if args.only in (None, "lsp"):
        import lsp_latency

        lsp_latency.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
