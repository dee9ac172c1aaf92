"""`python -m interview.bank.validate [BANK_DIR]`: check the bank without the app.

`flask bank validate` does the same and also runs the coding tests in the sandbox.
"""

from __future__ import annotations

import sys
from pathlib import Path

from interview.bank.loader import read_bank


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "question_bank")
    bank = read_bank(root)
    for error in bank.errors:
        print(error)
    print(f"{len(bank.questions)} questions, {len(bank.errors)} errors")
    return 1 if bank.errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
