#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# validate.py SCHEMA FILE...: validates each JSON file against the schema with python3-jsonschema
# (an implementation independent of fiberplan's jansson writer); prints "ok FILE" or
# "FAIL FILE: path: message" per file and exits 1 if any failed.
# validate.py --noise FILE...: no number carries solver noise (1.00000000000001 for 1).
# validate.py --mutate SCHEMA FILE: the schema must reject broken copies of a valid result
# (a required key removed, a wrong type, an unknown status): proof the validator checks.
import copy
import json
import sys

import jsonschema


def validator(path):
    schema = json.load(open(path))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def mutations(doc):
    """Broken copies of a valid result, each with one defect, and what it breaks."""
    for key in ("schema", "topology", "job", "solver"):
        d = copy.deepcopy(doc)
        del d[key]
        yield "without ." + key, d
    d = copy.deepcopy(doc)
    d["solver"]["status"] = "done"
    yield ".solver.status 'done'", d
    d = copy.deepcopy(doc)
    d["schema"] = "fiberplan.result/2"
    yield ".schema fiberplan.result/2", d
    per_command = {"route": "collective", "plan": "plan", "sweep": "frontier",
                   "failures": "failures", "bound": "bound"}
    key = per_command.get(doc.get("command"))
    if doc.get("command") == "route" and "collective" not in doc:
        key = "jobs"   # route --workload with several jobs
    if "jobs" in doc:
        d = copy.deepcopy(doc)
        d["jobs"][0]["weight"] = 0
        yield ".jobs[0].weight 0", d
        d = copy.deepcopy(doc)
        del d["jobs"][0]["alone_throughput_gbps"]
        yield ".jobs[0] without alone_throughput_gbps", d
    if key is not None:
        d = copy.deepcopy(doc)
        del d[key]
        yield "%s without .%s" % (doc["command"], key), d
    if doc.get("failures") and "jobs" in doc["failures"][0]:   # failures --workload
        d = copy.deepcopy(doc)
        del d["failures"][0]["jobs"][0]["throughput_gbps"]
        yield ".failures[0].jobs[0] without throughput_gbps", d
        d = copy.deepcopy(doc)
        d["failures"][0]["background"]["share"] = 2
        yield ".failures[0].background.share 2", d
    if doc.get("frontier") and "jobs" in doc["frontier"][0]:   # sweep --workload
        d = copy.deepcopy(doc)
        del d["frontier"][0]["jobs"][0]["name"]
        yield ".frontier[0].jobs[0] without name", d
    if "links" in doc and doc["links"]:
        d = copy.deepcopy(doc)
        d["links"][0]["load_gbps"] = [1.0]
        yield ".links[0].load_gbps with one value", d


def noise(node, key=None, path=""):
    """Numbers the writer should have snapped (docs/result-schema.md): a real within 1e-9,
    relative, of a number of at most 6 significant digits but not equal to it, or a gap
    under 1e-9 that is not 0."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from noise(v, k, path + "." + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from noise(v, key, "%s[%d]" % (path, i))
    elif isinstance(node, float) and node != 0:
        if key == "gap" and abs(node) < 1e-9:
            yield path, node
            return
        for digits in range(1, 7):
            r = float("%.*e" % (digits - 1, node))
            if abs(r - node) <= 1e-9 * abs(node):
                if r != node:
                    yield path, node
                return


def main(argv):
    if argv[1] == "--noise":
        bad = 0
        for path in argv[2:]:
            found = list(noise(json.load(open(path))))
            if found:
                print("FAIL %s: unsnapped %s = %r (%d in all)" % (path, found[0][0], found[0][1], len(found)))
                bad += 1
            else:
                print("ok %s: no solver noise" % path)
        return 1 if bad else 0
    if argv[1] == "--mutate":
        v, doc = validator(argv[2]), json.load(open(argv[3]))
        bad = 0
        for what, d in mutations(doc):
            if v.is_valid(d):
                print("FAIL %s: accepted %s" % (argv[3], what))
                bad += 1
        if bad == 0:
            print("ok %s: every mutation rejected" % argv[3])
        return 1 if bad else 0
    v, bad = validator(argv[1]), 0
    for path in argv[2:]:
        errors = sorted(v.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            print("FAIL %s: .%s: %s" % (path, ".".join(str(p) for p in e.path), e.message[:300]))
            bad += 1
        else:
            print("ok %s" % path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
