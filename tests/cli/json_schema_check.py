#!/usr/bin/env python3
"""The JSON outputs against their schemas (docs/schema/), with python3-jsonschema.

  json_schema_check.py PORTLAB SOURCE_DIR run NAME
      `portlab run scenarios/NAME.yaml --json -` (from SOURCE_DIR) validates
      against docs/schema/run.schema.json, and its "portlab" object holds
      this build's version and commit, the file's SHA-256, the run's seed and
      the command as given.
  json_schema_check.py PORTLAB SOURCE_DIR headroom NAME
      the same for `portlab headroom scenarios/NAME.yaml --json -` and
      docs/schema/headroom.schema.json.
  json_schema_check.py PORTLAB SOURCE_DIR schemas-refuse
      both schemas are valid draft 2020-12 schemas, and refuse a result with
      an unknown key, a missing key, a wrong type and a provenance without
      its command (so the tests above can fail).

Prints "PORTLAB_SKIP: ..." and exits 0 where python3-jsonschema is missing
(tools/install-deps --dev installs it).
"""
import copy
import hashlib
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("PORTLAB_SKIP: python3-jsonschema is not installed (tools/install-deps --dev installs it)")
    sys.exit(0)


def load_schemas(src):
    schemas = {}
    for name in ("run", "headroom"):
        with open(os.path.join(src, "docs", "schema", name + ".schema.json")) as f:
            schemas[name] = json.load(f)
    return schemas


def validator(schemas, name):
    """A draft 2020-12 validator of schemas[name] that resolves the other file by its $id."""
    schema = schemas[name]
    cls = jsonschema.Draft202012Validator
    try:  # jsonschema >= 4.18: the referencing library
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        return cls(schema, registry=registry)
    except ImportError:  # Debian 12's jsonschema 4.10
        store = {s["$id"]: s for s in schemas.values()}
        return cls(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))


def errors_of(v, doc):
    return sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))


def version_and_commit(portlab):
    out = subprocess.run([portlab, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    # "portlab 0.1.0 (commit 1a2b3c4d5e6f)"
    words = out.split()
    return words[1], words[3].rstrip(")")


def check_output(portlab, src, command, name):
    schemas = load_schemas(src)
    scenario = "scenarios/%s.yaml" % name
    args = [command, scenario, "--json", "-"]
    done = subprocess.run([portlab] + args, cwd=src, capture_output=True)
    if done.returncode not in (0, 1):
        print("portlab %s exited %d: %s" % (" ".join(args), done.returncode, done.stderr.decode()))
        return 1
    doc = json.loads(done.stdout)
    status = 0
    for e in errors_of(validator(schemas, command), doc)[:20]:
        print("%s: %s: %s" % (name, e.json_path, e.message[:300]))
        status = 1
    with open(os.path.join(src, scenario), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    version, commit = version_and_commit(portlab)
    want = {"version": version, "commit": commit, "scenario_sha256": sha, "seed": doc.get("seed"),
            "command": [os.path.basename(portlab)] + args}
    got = doc.get("portlab", {})
    for key, value in want.items():
        if got.get(key) != value:
            print("%s: portlab.%s is %r, expected %r" % (name, key, got.get(key), value))
            status = 1
    if status == 0:
        print("%s: portlab %s --json validates against docs/schema/%s.schema.json; provenance as expected"
              % (name, command, command))
    return status


def check_refusals(src):
    schemas = load_schemas(src)
    for s in schemas.values():
        jsonschema.Draft202012Validator.check_schema(s)
    v = validator(schemas, "run")
    good = {
        "portlab": {"version": "1", "commit": "c", "format": 2, "scenario_sha256": "0" * 64, "seed": 1,
                    "command": ["portlab", "run", "x.yaml"]},
        "scenario": "x", "seed": 1, "end_time_s": 1.0, "steps": [], "hosts": {},
        "failures": {"total": 0, "groups": [], "first": []},
        "headroom": {"at_s": 0.0, "shown": False, "not_measured": None, "pools": [], "binding": None, "fixes": []},
        "sample_interval_s": 0.1,
        "expectations": [], "passed": True, "machine": {"estimated_state_bytes": 10},
    }
    status = 0
    if errors_of(v, good):
        print("a minimal result is refused: %s" % errors_of(v, good)[0].message)
        status = 1
    def mutated(change):
        doc = copy.deepcopy(good)
        change(doc)
        return doc
    bad = {
        "an unknown top-level key": mutated(lambda d: d.update(surprise=1)),
        "no \"passed\"": mutated(lambda d: d.pop("passed")),
        "a seed that is a string": mutated(lambda d: d.update(seed="1")),
        "a provenance without its command": mutated(lambda d: d["portlab"].pop("command")),
        "a provenance of another format": mutated(lambda d: d["portlab"].update(format=1)),
        "a SHA-256 that is not one": mutated(lambda d: d["portlab"].update(scenario_sha256="abc")),
    }
    for what, doc in bad.items():
        if not errors_of(v, doc):
            print("the run schema accepts %s" % what)
            status = 1
    if status == 0:
        print("both schemas are valid draft 2020-12 and refuse %d kinds of bad result" % len(bad))
    return status


def main():
    portlab, src, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "schemas-refuse":
        return check_refusals(src)
    return check_output(portlab, src, mode, sys.argv[4])


if __name__ == "__main__":
    sys.exit(main())
