"""The pre-commit hooks this repository offers: valid, and each entry runs a real command."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from regcore.cli import build_parser

ROOT = Path(__file__).parent.parent


def test_hooks_are_valid_and_name_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["regcore-check", "regcore-fmt", "regcore-test"]
    parser = build_parser()
    for h in hooks:
        assert {"id", "name", "entry", "language"} <= set(h)
        assert h["language"] == "python"
        argv = shlex.split(h["entry"])
        assert argv[0] == "regcore"
        # the entry plus a filename (or a case folder) parses as a regcore command line
        extra = ["tests/cases"] if h["id"] == "regcore-test" else ["x.reg"]
        args = parser.parse_args(argv[1:] + extra)
        assert args.command == argv[1]
    test = next(h for h in hooks if h["id"] == "regcore-test")
    assert test["pass_filenames"] is False
