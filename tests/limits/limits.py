#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Size limits of solvers/ (issue "solvers/ redesign"): no .c file over MAX_FILE lines, no
function over MAX_FUNC lines (signature to closing brace). Functions are found the way
STYLE.md writes them: the signature at column 0, '{' alone at column 0, '}' at column 0.
Prints one line per violation and exits 1 if there is any."""
import re
import sys

MAX_FILE = 1000
MAX_FUNC = 80


def functions(lines):
    """(name, first line, length) of each function definition, 1-based lines."""
    i = 0
    while i < len(lines):
        if lines[i].rstrip() == '{' and i > 0:
            start = i - 1
            while (start > 0 and lines[start - 1].strip() and
                   not lines[start - 1].startswith(('}', '/*', ' *', '#')) and
                   not lines[start - 1].rstrip().endswith((';', '*/'))):
                start -= 1
            end = i
            while end < len(lines) and not lines[end].startswith('}'):
                end += 1
            name = re.search(r'(\w+)\s*\(', ' '.join(lines[start:i]))
            yield (name.group(1) if name else '?', start + 1, end - start + 1)
            i = end
        i += 1


def check(paths):
    bad = 0
    for path in paths:
        with open(path, encoding='utf-8') as f:
            lines = f.read().split('\n')
        n = len(lines) - (1 if lines and lines[-1] == '' else 0)
        if n > MAX_FILE:
            print(f'{path}: {n} lines (limit {MAX_FILE})')
            bad += 1
        for name, first, length in functions(lines):
            if length > MAX_FUNC:
                print(f'{path}:{first}: {name}() is {length} lines (limit {MAX_FUNC})')
                bad += 1
    return bad


if __name__ == '__main__':
    sys.exit(1 if check(sys.argv[1:]) else 0)
