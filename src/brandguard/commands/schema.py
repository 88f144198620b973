"""``brandguard schema``: the JSON Schema of the policy file, the report or the post."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

NAME = "schema"
HELP = "print the JSON Schema of a policy file, a report or a post"
WHAT = ("policy", "report", "post")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("examples:\n  brandguard schema policy > brandguard.schema.json   "
                     "# for editors' autocompletion\n  brandguard schema report")
    parser.add_argument("what", choices=WHAT, help="which schema")


def schema(what: str) -> dict[str, Any]:
    if what == "policy":
        from ..policy import policy_json_schema

        return policy_json_schema()
    from ..models import Post, Report

    model = Report if what == "report" else Post
    return model.model_json_schema()


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(schema(args.what), ensure_ascii=False, indent=2) + "\n")
    return 0
