#!/usr/bin/env python3
"""Converts the IRC parser test vectors of the PyPI package irc-parser-tests to JSON.

Usage: python3 .ci/irc-parser-vectors.py OUTPUT.json
Needs: pip install irc-parser-tests pyyaml

The output holds {"split": [{"input", "atoms"}], "join": [{"desc", "atoms", "matches"}]}, where atoms is
{"tags": [[key, value], ...], "source": str or null, "verb": str, "params": [str, ...]}. Tags stay a list
of pairs so that their order survives JSON readers that forget key order.
"""
import importlib.util
import json
import pathlib
import sys

try:
    import yaml
except ImportError:
    sys.exit("PyYAML is not installed: pip install irc-parser-tests pyyaml")


def data_dir():
    spec = importlib.util.find_spec("parser_tests")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("irc-parser-tests is not installed: pip install irc-parser-tests pyyaml")
    return pathlib.Path(spec.submodule_search_locations[0]) / "data"


def load(name):
    with (data_dir() / f"{name}.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)["tests"]


def atoms(raw):
    return {
        "tags": [[str(key), str(value or "")] for key, value in (raw.get("tags") or {}).items()],
        "source": raw.get("source"),
        "verb": str(raw["verb"]),
        "params": [str(param) for param in raw.get("params") or []],
    }


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    vectors = {
        "split": [{"input": t["input"], "atoms": atoms(t["atoms"])} for t in load("msg-split")],
        "join": [{"desc": t.get("desc", ""), "atoms": atoms(t["atoms"]), "matches": t["matches"]}
                 for t in load("msg-join")],
    }
    pathlib.Path(sys.argv[1]).write_text(json.dumps(vectors, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
