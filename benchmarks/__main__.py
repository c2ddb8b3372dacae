"""`python -m benchmarks [startup|delivery|load|cpu] [--users ...] [--load-users ...] ...`.

Without a name, runs the start-up, delivery, load and cpu benchmarks, with defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from benchmarks import cpu, delivery, load, startup
from benchmarks.common import MODES, machine_line


def user_counts(text: str) -> tuple[int, ...]:
    """'0,10000,100000' -> (0, 10000, 100000)."""
    try:
        counts = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected numbers separated by commas: {text!r}"
        ) from None
    if not counts or min(counts) < 0:
        raise argparse.ArgumentTypeError(f"expected user counts >= 0: {text!r}")
    return counts


def modes(text: str) -> tuple[str, ...]:
    """'polling,webhook' -> ('polling', 'webhook')."""
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [mode for mode in chosen if mode not in MODES]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(f"expected some of {','.join(MODES)}: {text!r}")
    return chosen


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1: {text!r}")
    return value


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "which", nargs="?", choices=["all", "startup", "delivery", "load", "cpu"], default="all"
    )
    parser.add_argument(
        "--users",
        type=user_counts,
        default=startup.DEFAULT_USERS,
        help="startup: user counts to start with (default 0,10000,100000)",
    )
    parser.add_argument(
        "--repeats",
        type=positive,
        default=startup.DEFAULT_REPEATS,
        help="startup: starts per user count (default 3)",
    )
    parser.add_argument(
        "--modes",
        type=modes,
        default=MODES,
        help="startup and load: how the bot takes updates (default polling,webhook)",
    )
    parser.add_argument(
        "--reminders",
        type=positive,
        default=delivery.DEFAULT_REMINDERS,
        help="delivery: reminders due in the same minute (default 10000)",
    )
    parser.add_argument(
        "--fault-reminders",
        type=positive,
        default=delivery.DEFAULT_FAULT_REMINDERS,
        help="delivery: reminders of the 502/403 scenario (default 500)",
    )
    parser.add_argument(
        "--load-users",
        type=user_counts,
        default=load.DEFAULT_USERS,
        help="load: simulated users at once, one run each (default 50,500)",
    )
    parser.add_argument(
        "--load-actions",
        type=positive,
        default=load.DEFAULT_ACTIONS,
        help=f"load: actions per user (default and most: {len(load.SCRIPT)}, the script's length)",
    )
    args = parser.parse_args(argv)
    if min(args.load_users) < 1:
        parser.error("--load-users: each count must be at least 1")
    if args.load_actions > len(load.SCRIPT):
        parser.error(f"--load-actions: at most {len(load.SCRIPT)}, the length of one user's script")
    return args


async def run(args: argparse.Namespace) -> None:
    print(machine_line())
    print()
    if args.which in ("all", "startup"):
        await startup.run(args.users, args.repeats, args.modes)
    if args.which in ("all", "delivery"):
        await delivery.run(args.reminders, args.fault_reminders)
    if args.which in ("all", "load"):
        await load.run(args.load_users, args.load_actions, args.modes)
    if args.which in ("all", "cpu"):
        cpu.run()


def main(argv: list[str] | None = None) -> int:
    asyncio.run(run(parse(sys.argv[1:] if argv is None else argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
