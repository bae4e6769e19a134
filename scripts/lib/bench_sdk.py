"""One measured step of the Python SDK variants of scripts/benchmark-tasks and scripts/benchmark-exports.

Run by those scripts, once per step, inside `/usr/bin/time -v` (so that the peak RSS is this process's alone), with the
python of a virtualenv that holds label-studio-sdk:

  bench_sdk.py import   --sdk legacy|sdk --project P --batches DIR --out FILE
  bench_sdk.py list     --sdk legacy|sdk --project P --page-size S [--ids] --out FILE
  bench_sdk.py download --sdk legacy|sdk --project P --export E --type T --dir DIR --out FILE
  bench_sdk.py consume  --sdk legacy|sdk --project P --after ID --count N --page-size S --out FILE

The server comes from LABEL_STUDIO_URL and the key from LABEL_STUDIO_API_KEY (environment only: the key is never
taken from or written to the command line, the output or FILE).

Each step uses the SDK the way its documentation shows:
  legacy (label_studio_sdk._legacy): Client(url, api_key).get_project(P), then
    import    project.import_tasks(list_of_task_dicts) once per batch file,
    list      project.get_tasks()        (ids: project.get_tasks(only_ids=True)); the SDK pages by itself,
    download  project.export_snapshot_download(E, export_type=T, path=DIR);
  sdk (label-studio-sdk 2.x): LabelStudio(base_url=url, api_key=key), then
    import    client.projects.import_tasks(id=P, request=[{"data": task}, ...], return_task_ids=True) per batch,
    list      for task in client.tasks.list(project=P, page_size=S)   (ids: include="id"): the pager fetches pages,
    download  for chunk in client.projects.exports.download(id=P, export_pk=E, export_type=T): f.write(chunk).
  consume (both): a polling loop, what the component's event=created consumer does: ask for the first page of the
    tasks with id > the last one seen, ordered by id (legacy: project.get_paginated_tasks(filters=..., ordering=
    ["tasks:id"], page=1, page_size=S); sdk: client.tasks.list(project=P, query=<the same filters and ordering>,
    page=1, page_size=S), the first page only), remember the last id, repeat until N new tasks were seen.

Only the SDK calls are timed: importing the module and making the client (legacy: Client() checks the connection
and get_project() reads the project; both are requests) happen before the timer, like the Camel context's start in
the camel variant; reading a batch file happens before its call, and what the checks need (imported ids,
listed ids and the tasks' "n") is written to FILE as JSON after the timer stops, with the wall time "s" and the
SDK's version. The checks themselves are done by the caller.
"""
import argparse
import glob
import json
import os
import sys
import time


def legacy_project(url, key, project_id):
    from label_studio_sdk._legacy import Client

    return Client(url=url, api_key=key).get_project(project_id)


def sdk_client(url, key):
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=url, api_key=key)


def sdk_version():
    try:
        from importlib.metadata import version

        return version("label-studio-sdk")
    except Exception:  # noqa: BLE001 - only informative
        return "unknown"


def step_import(args, url, key):
    files = sorted(glob.glob(os.path.join(args.batches, "batch-*.json")))
    if not files:
        sys.exit("bench_sdk: no batch-*.json in %s" % args.batches)
    ids, elapsed = [], 0.0
    if args.sdk == "legacy":
        project = legacy_project(url, key, args.project)
    else:
        client = sdk_client(url, key)
    for f in files:
        with open(f, encoding="utf-8") as fh:
            tasks = json.load(fh)  # not timed: the other variants have their batches ready too
        if args.sdk == "sdk":
            tasks = [{"data": t} for t in tasks]
        t0 = time.perf_counter()
        if args.sdk == "legacy":
            ids += project.import_tasks(tasks)
        else:
            answer = client.projects.import_tasks(id=args.project, request=tasks, return_task_ids=True)
            ids += list(getattr(answer, "task_ids", None) or [])
        elapsed += time.perf_counter() - t0
    return {"s": elapsed, "requests": len(files), "imported_ids": ids}


def step_list(args, url, key):
    if args.sdk == "legacy":
        project = legacy_project(url, key, args.project)
        t0 = time.perf_counter()
        tasks = project.get_tasks(only_ids=args.ids)
        s = time.perf_counter() - t0
        if args.ids:
            return {"s": s, "listed_ids": tasks}
        return {"s": s, "listed_ids": [t["id"] for t in tasks], "n": [t["data"].get("n") for t in tasks]}
    client = sdk_client(url, key)
    ids, ns = [], []
    t0 = time.perf_counter()
    if args.ids:
        for task in client.tasks.list(project=args.project, page_size=args.page_size, include="id"):
            ids.append(task.id)
    else:
        for task in client.tasks.list(project=args.project, page_size=args.page_size):
            ids.append(task.id)
            ns.append(task.data.get("n"))
    s = time.perf_counter() - t0
    return {"s": s, "listed_ids": ids} if args.ids else {"s": s, "listed_ids": ids, "n": ns}


def step_download(args, url, key):
    if args.sdk == "legacy":
        project = legacy_project(url, key, args.project)
        t0 = time.perf_counter()
        status, name = project.export_snapshot_download(args.export, export_type=args.type, path=args.dir)
        s = time.perf_counter() - t0
        if status != 200:
            sys.exit("bench_sdk: export_snapshot_download answered %s" % status)
        path = os.path.join(args.dir, name)
    else:
        client = sdk_client(url, key)
        path = os.path.join(args.dir, "export-%s.%s" % (args.export, args.type.lower()))
        t0 = time.perf_counter()
        with open(path, "wb") as f:
            for chunk in client.projects.exports.download(id=args.project, export_pk=args.export,
                                                          export_type=args.type):
                f.write(chunk)
        s = time.perf_counter() - t0
    return {"s": s, "file": path, "bytes": os.path.getsize(path)}


def consume_query(after):
    return {
        "filters": {"conjunction": "and", "items": [
            {"filter": "filter:tasks:id", "operator": "greater", "type": "Number", "value": after}]},
        "ordering": ["tasks:id"],
        "selectedItems": {"all": True, "excluded": []},
    }


def step_consume(args, url, key):
    ids, last, polls = [], args.after, 0
    if args.sdk == "legacy":
        project = legacy_project(url, key, args.project)
    else:
        client = sdk_client(url, key)
    t0 = time.perf_counter()
    while len(ids) < args.count:
        polls += 1
        if args.sdk == "legacy":
            q = consume_query(last)
            page = project.get_paginated_tasks(filters=q["filters"], ordering=q["ordering"], page=1,
                                               page_size=args.page_size)["tasks"]
            new = [t["id"] for t in page]
        else:
            pager = client.tasks.list(project=args.project, query=json.dumps(consume_query(last)), page=1,
                                      page_size=args.page_size)
            new = []
            for task in pager:  # the first page only: the next poll asks again from the last id
                new.append(task.id)
                if len(new) == args.page_size:
                    break
        if not new:
            time.sleep(0.1)  # nothing new yet: poll again, like the consumer's delay
            if time.perf_counter() - t0 > 1800:
                sys.exit("bench_sdk: consumed only %d of %d tasks in 30 minutes" % (len(ids), args.count))
            continue
        ids += new
        last = max(new)
    s = time.perf_counter() - t0
    return {"s": s, "consumed_ids": ids, "polls": polls}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("step", choices=["import", "list", "download", "consume"])
    p.add_argument("--sdk", choices=["legacy", "sdk"], required=True)
    p.add_argument("--project", type=int, required=True)
    p.add_argument("--batches")
    p.add_argument("--page-size", type=int, default=100)
    p.add_argument("--ids", action="store_true")
    p.add_argument("--export", type=int)
    p.add_argument("--type", default="JSON")
    p.add_argument("--dir")
    p.add_argument("--after", type=int)
    p.add_argument("--count", type=int)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    url = os.environ.get("LABEL_STUDIO_URL", "").rstrip("/")
    key = os.environ.get("LABEL_STUDIO_API_KEY", "")
    if not url or not key:
        sys.exit("bench_sdk: LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY must be set")
    steps = {"import": step_import, "list": step_list, "download": step_download, "consume": step_consume}
    result = steps[args.step](args, url, key)
    result["sdk_version"] = sdk_version()
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
