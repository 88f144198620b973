"""``brandguard init``: write a starter policy, commented in Danish and English."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ._common import CliError

NAME = "init"
HELP = "write a starter policy file (default brandguard.yaml), commented in Danish and English"
STARTER = Path(__file__).with_name("starter-policy.yaml")
#: Shown in the commented ``packs:`` line; the real list is whatever is installed.
EXAMPLE_PACKS = "format, da, tone-da, narrative-da, compliance-da, spam"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("examples:\n  brandguard init\n"
                     "  brandguard init policy.yaml --company \"Nordlys Energi\"")
    parser.add_argument("path", nargs="?", default="brandguard.yaml", metavar="PATH",
                        help="where to write it (default brandguard.yaml; '-' prints it)")
    parser.add_argument("--company", default="Mit Firma A/S", metavar="NAME",
                        help="the company's name (default 'Mit Firma A/S')")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def starter_policy(company: str = "Mit Firma A/S") -> str:
    """The starter policy's YAML text."""
    if not company.strip():
        raise CliError("--company: the name is empty")
    # A JSON string is a valid YAML scalar, whatever the name holds (':', '#', quotes).
    name = json.dumps(company.strip(), ensure_ascii=False)
    text = STARTER.read_text(encoding="utf-8")
    return text.replace("__COMPANY__", name).replace("__PACKS__", EXAMPLE_PACKS)


def run(args: argparse.Namespace) -> int:
    text = starter_policy(args.company)
    if args.path == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.path)
    if path.is_dir():
        raise CliError(f"{path}: is a folder; give a file name such as {path / 'brandguard.yaml'}")
    if path.exists() and not args.force:
        raise CliError(f"{path}: already exists; use --force to overwrite it")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {exc.strerror or exc}") from None
    sys.stdout.write(f"Wrote {path}. Check a post with: brandguard check POST.txt"
                     + ("" if path.name in ("brandguard.yaml", ".brandguard.yaml")
                        else f" --policy {path}") + "\n")
    return 0
