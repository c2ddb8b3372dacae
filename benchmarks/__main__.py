"""`python -m benchmarks`: run every benchmark and print its table."""

from __future__ import annotations

import asyncio
import sys

from benchmarks import startup


def main() -> int:
    asyncio.run(startup.main(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
