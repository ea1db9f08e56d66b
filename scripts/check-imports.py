#!/usr/bin/env python3
"""Fails when a module imports a module its target does not declare in Package.swift.

SwiftPM lets a target import any module it gets transitively; that hides the real dependency
graph, so every import must be declared. Run from anywhere: python3 scripts/check-imports.py
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLATFORM = {"Foundation", "Testing", "Glibc", "Darwin", "Dispatch", "XCTest", "Synchronization"}


def targets(package):
    """Each target's name and the names in its dependencies list."""
    for match in re.finditer(r"\.(target|executableTarget|testTarget)\(", package):
        depth, index = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(package[index], 0)
            index += 1
        body = package[match.end():index - 1]
        name = re.search(r'name:\s*"([^"]+)"', body).group(1)
        dependencies = body.split("dependencies:", 1)[1] if "dependencies:" in body else ""
        dependencies = re.split(r"\b(?:resources|exclude|swiftSettings|path)\s*:", dependencies)[0]
        declared = set(re.findall(r'"([A-Za-z0-9_]+)"', dependencies))
        products = set(re.findall(r'product\(name:\s*"([A-Za-z0-9_]+)"', dependencies))
        yield name, declared | products


def main():
    problems = []
    for name, declared in targets((ROOT / "Package.swift").read_text()):
        folder = ROOT / "Sources" / name
        if not folder.is_dir():
            folder = ROOT / "Tests" / name
        for source in folder.rglob("*.swift"):
            for line in source.read_text(encoding="utf-8").splitlines():
                found = re.match(r"^(?:@testable )?import (\w+)", line)
                if found and found.group(1) not in PLATFORM | declared | {name}:
                    problems.append(f"{source.relative_to(ROOT)}: imports {found.group(1)}, which {name} does not declare")
    print("\n".join(problems) or "every import is declared")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
