# shellcheck shell=bash
# What scripts/benchmark-tasks and scripts/benchmark-exports share. Sourced by them (after `set -euo pipefail` and
# after setting ROOT to the checkout), never run on its own.
#
# Functions: die, log, bench_help, bench_on_exit, bench_start_server ENV_FILE, bench_wan, bench_classpath SKIP_BUILD,
# now, load1,
# server_cpu, children_cpu, create_project TITLE, delete_project ID, print_table RESULTS COLUMNS, bench_venv NAME
# PIP_SPEC..., bench_sdk_pythons, sdk_version PYTHON, sdk_python VARIANT, sdk_step PYTHON OUT ARGS...,
# write_results_json RESULTS NAME.
# Variables set: URL, AUTH (the Authorization header), BENCH_CLK_TCK (exported), JAVA_CP, SDK_PY, LEGACY_PY,
# RESULTS_JSON, BENCH_SERVER_PIDS (exported); read: WORK, CACHE, BENCH_COMMAND, BENCH_LAYOUT (development or
# production, the default), BENCH_WAN (true: through a simulated WAN, see bench_wan).
#
# The Python SDK variants (legacy-sdk, sdk) run scripts/lib/bench_sdk.py, one process per measured step, under GNU
# time (/usr/bin/time -v) for its peak RSS. Pinned versions:
BENCH_SDK_VERSION=2.1.2          # label-studio-sdk 2.x, the newest on PyPI when this was written; it also has _legacy
BENCH_MATPLOTLIB_VERSION=3.10.7  # for scripts/lib/bench_chart.py
BENCH_TOXIPROXY_VERSION=v2.12.0  # the WAN's shaping proxy (bench_wan), built with `go install`
BENCH_LAYOUT="${BENCH_LAYOUT:-production}"
BENCH_WAN="${BENCH_WAN:-false}"

die() { echo "benchmark: $*" >&2; exit 1; }
log() { echo "benchmark: $*" >&2; }

# Prints the header comment of the script $1 (the lines after the shebang up to the first line that is no comment).
bench_help() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1"; }

# Commands run when the script exits, for any reason, the last registered first.
BENCH_ON_EXIT=()
bench_on_exit() { BENCH_ON_EXIT+=("$1"); }
bench_exit() {
    local i
    for ((i = ${#BENCH_ON_EXIT[@]} - 1; i >= 0; i--)); do
        eval "${BENCH_ON_EXIT[i]}" || true
    done
}
trap bench_exit EXIT

# Starts a throw-away local Label Studio with scripts/labelstudio-server in the layout BENCH_LAYOUT and the env file $1
# (stopped again on exit), unless LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (a legacy token) name a server. Sets URL
# and AUTH, and BENCH_SERVER_PIDS: the processes whose CPU time, with their descendants', is the server's (production:
# nginx, gunicorn and PostgreSQL, whose backends are in process groups of their own). With BENCH_WAN=true the clients reach the server through bench_wan's proxy.
bench_start_server() {
    local env_file="$1" status
    if [[ -z "${LABEL_STUDIO_URL:-}" || -z "${LABEL_STUDIO_API_KEY:-}" ]]; then
        [[ "$BENCH_LAYOUT" == development || "$BENCH_LAYOUT" == production ]] \
            || die "--layout must be development or production, got '$BENCH_LAYOUT'"
        log "starting a local Label Studio, $BENCH_LAYOUT layout (env file $env_file)..."
        python3 "$ROOT/scripts/labelstudio-server" stop --env-file "$env_file" >/dev/null
        python3 "$ROOT/scripts/labelstudio-server" start --layout "$BENCH_LAYOUT" --env-file "$env_file" >/dev/null
        # shellcheck disable=SC2016 # expanded when the script exits
        bench_on_exit 'python3 "$ROOT/scripts/labelstudio-server" stop --env-file "'"$env_file"'" >/dev/null'
        set -a
        # shellcheck disable=SC1090
        . "$env_file"
        set +a
        status="$(python3 "$ROOT/scripts/labelstudio-server" status --env-file "$env_file")"
        BENCH_SERVER_PIDS="$(grep -o '\(nginx\|gunicorn\|postgres\) pid [0-9]*' <<< "$status" \
            | grep -o '[0-9]*$' | paste -sd, || true)"
        BENCH_SERVER_PIDS="${BENCH_SERVER_PIDS:-$LABEL_STUDIO_PID}"
        export BENCH_SERVER_PIDS
    else
        unset LABEL_STUDIO_PID BENCH_SERVER_PIDS # a remote server: its CPU time is not measured
    fi
    export LABEL_STUDIO_URL LABEL_STUDIO_API_KEY # the SDK variants read them from the environment only
    URL="${LABEL_STUDIO_URL%/}"
    AUTH="Authorization: Token $LABEL_STUDIO_API_KEY"
    BENCH_CLK_TCK="$(getconf CLK_TCK)"
    export BENCH_CLK_TCK
    if [[ "$BENCH_WAN" == true ]]; then
        bench_wan
    fi
}

# A WAN between the clients and the server, simulated on loopback (this kernel has no netem): toxiproxy
# (github.com/Shopify/toxiproxy, built once into <cache>/bin with `go install`) forwards a port of its own to the
# server with 10 ms latency each way (20 ms round trip) and 100 Mbit/s (12,500 KB/s) each way. Every variant then uses
# the proxy's URL (URL and LABEL_STUDIO_URL); the proxy is stopped on exit. Its CPU time is neither the server's nor the
# client's.
bench_wan() {
    local server="$CACHE/bin/toxiproxy-server" api_port upstream answer listen i stream
    mkdir -p "$WORK"
    if [[ ! -x "$server" ]]; then
        command -v go >/dev/null || die "--wan needs Go to build toxiproxy (apt-get install golang-go)"
        log "building toxiproxy $BENCH_TOXIPROXY_VERSION into $CACHE/bin..."
        mkdir -p "$CACHE/bin"
        GOBIN="$CACHE/bin" go install "github.com/Shopify/toxiproxy/v2/cmd/server@$BENCH_TOXIPROXY_VERSION" >&2 \
            || die "could not build toxiproxy"
        mv "$CACHE/bin/server" "$server"
    fi
    api_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    LOG_LEVEL=warn "$server" -host 127.0.0.1 -port "$api_port" > "$WORK/toxiproxy.log" 2>&1 &
    bench_on_exit "kill $! 2>/dev/null"
    for ((i = 0; i < 100; i++)); do
        curl -sf -o /dev/null "http://127.0.0.1:$api_port/version" && break
        sleep 0.1
    done
    upstream="${URL#http://}"
    upstream="${upstream%%/*}"
    answer="$(curl -sS -f -H 'Content-Type: application/json' "http://127.0.0.1:$api_port/proxies" \
        --data '{"name": "labelstudio", "listen": "127.0.0.1:0", "upstream": "'"$upstream"'", "enabled": true}')" \
        || die "toxiproxy did not create the proxy (log: $WORK/toxiproxy.log)"
    listen="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["listen"])' <<< "$answer")"
    for stream in upstream downstream; do
        curl -sS -f -o /dev/null -H 'Content-Type: application/json' \
            "http://127.0.0.1:$api_port/proxies/labelstudio/toxics" \
            --data '{"name": "latency_'$stream'", "type": "latency", "stream": "'$stream'",
                     "attributes": {"latency": 10, "jitter": 0}}' || die "toxiproxy: no latency toxic"
        curl -sS -f -o /dev/null -H 'Content-Type: application/json' \
            "http://127.0.0.1:$api_port/proxies/labelstudio/toxics" \
            --data '{"name": "bandwidth_'$stream'", "type": "bandwidth", "stream": "'$stream'",
                     "attributes": {"rate": 12500}}' || die "toxiproxy: no bandwidth toxic"
    done
    URL="http://$listen"
    LABEL_STUDIO_URL="$URL"
    export LABEL_STUDIO_URL
    log "WAN: the clients reach $upstream through toxiproxy at $listen (10 ms each way, 12,500 KB/s each way)"
}

# Builds the component and the benchmarks in one reactor (nothing is installed into ~/.m2) unless $1 is true, then
# sets JAVA_CP to the runtime classpath of the benchmarks module (exec:exec with the executable echo; its line is the
# last one, the benchmarks being built last), in which the component is the one built from this checkout (copied to
# $WORK/classes, see below). The Java side of a benchmark runs in a JVM of its own, not inside Maven as exec:java
# would, so that its peak RSS is its own.
bench_classpath() {
    # The build and the classpath are two Maven runs: in one run, -Dexec.args would also become the arguments of the
    # component's own exec execution (check-component-page, bound to process-test-classes), which then fails.
    if [[ "$1" != true ]]; then
        log "building camel-labelstudio and camel-labelstudio-benchmarks..."
        mvn -B -q -f "$ROOT/pom.xml" -pl camel-labelstudio-benchmarks -am -DskipTests -Dspotless.check.skip=true \
            package >&2 || die "could not build camel-labelstudio-benchmarks"
    fi
    JAVA_CP="$(mvn -B -q -f "$ROOT/pom.xml" -pl camel-labelstudio-benchmarks -am -DskipTests -Dspotless.check.skip=true \
        exec:exec -Dexec.executable=echo -Dexec.args='%classpath' | sed 's/\x1b\[[0-9;]*m//g' \
        | grep 'camel-labelstudio-benchmarks/target/classes' | tail -n 1)"
    [[ -n "$JAVA_CP" ]] || die "could not build or get the classpath of camel-labelstudio-benchmarks"
    # Without a build phase in the reactor, Maven resolves the component from the local repository (~/.m2), which
    # holds whatever was installed last, not this checkout's classes: use those.
    [[ -d "$ROOT/camel-labelstudio/target/classes/io" ]] || die "camel-labelstudio is not built (target/classes)"
    JAVA_CP="$(tr ':' '\n' <<< "$JAVA_CP" \
        | sed "s|^.*/io/camellabelstudio/camel-labelstudio/[^/]*/camel-labelstudio-[^/]*\.jar\$|$ROOT/camel-labelstudio/target/classes|" \
        | paste -sd:)"
    # The entries inside the checkout (target/classes, the component's jar) are copied into the work directory and
    # used from there: a build running in the same checkout meanwhile (compile, package, clean) would otherwise change
    # the classes under the benchmark's JVMs, or between two of them.
    local entry entries copies=() i=0
    rm -rf "$WORK/classes"
    IFS=: read -r -a entries <<< "$JAVA_CP"
    for entry in "${entries[@]}"; do
        if [[ "$entry" == "$ROOT"/* ]]; then
            i=$((i + 1))
            mkdir -p "$WORK/classes/$i"
            if [[ -d "$entry" ]]; then
                cp -R "$entry/." "$WORK/classes/$i/"
                entry="$WORK/classes/$i"
            else
                cp "$entry" "$WORK/classes/$i/"
                entry="$WORK/classes/$i/${entry##*/}"
            fi
        fi
        copies+=("$entry")
    done
    JAVA_CP="$(IFS=:; echo "${copies[*]}")"
}

now() { date +%s.%N; }

# The machine's 1-minute load average.
load1() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo n/a; }

# CPU seconds (user + system) of the local server's processes (BENCH_SERVER_PIDS) and all their descendants, the ended
# ones included (a parent's cutime/cstime hold the children it reaped: PostgreSQL's backends, nginx's old workers);
# "nan" for a remote server. The stat files go through cat, which skips a process that ended after the glob (mawk
# would stop at such a file and print nothing).
server_cpu() {
    if [[ -z "${BENCH_SERVER_PIDS:-}" ]]; then echo nan; return; fi
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v roots=",$BENCH_SERVER_PIDS," -v hz="$BENCH_CLK_TCK" '
        { pid = $1; sub(/^.*\) /, ""); parent[pid] = $2; cpu[pid] = $12 + $13 + $14 + $15 }
        END {
            for (p in cpu) {
                for (q = p; q != "" && q > 1; q = parent[q]) {
                    if (index(roots, "," q ",")) { t += cpu[p]; break }
                }
            }
            printf "%.2f\n", t / hz
        }'
}

# CPU seconds (user + system) of this shell's finished children (the curl processes), into CHILD_CPU. The `times`
# builtin must run in this very shell (a $(...) subshell starts with zero children times), hence the file.
children_cpu() {
    times > "$WORK/.times"
    CHILD_CPU="$(sed -n 2p "$WORK/.times" | awk '{
        s = 0
        for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] }
        printf "%.2f\n", s }')"
}

# Creates a project with the benchmarks' label config (BenchmarkSupport.LABEL_CONFIG) and prints its id.
create_project() {
    curl -sS -f -H "$AUTH" -H 'Content-Type: application/json' \
        --data-binary "$(python3 -c 'import json, sys; print(json.dumps({"title": sys.argv[1], "label_config": sys.argv[2]}))' \
            "$1" '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="Positive"/><Choice value="Negative"/></Choices></View>')" \
        "$URL/api/projects/" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}

# Deletes project $1. Label Studio deletes a project's tasks inside the project's DELETE, about 0.25 ms each on this
# machine: one DELETE of a 100,000-task project outlasts gunicorn's 30 s worker timeout on a busy machine (HTTP 500;
# the project stays, its tasks left in the tables for the runs after it). So while the project holds more than
# 60,000 tasks, 5000 at a time go first through the Data Manager's delete_tasks action (about 4.5 s a round with the
# listing of their ids; slower per task than the DELETE, hence only down to 60,000), then the DELETE takes the rest.
delete_project() {
    local ids count
    while :; do
        count="$(curl -sS -f -H "$AUTH" "$URL/api/projects/$1/" \
            | python3 -c 'import json, sys; print(json.load(sys.stdin).get("task_number") or 0)')" || return 1
        (( count > 60000 )) || break
        ids="$(curl -sS -f -H "$AUTH" -G "$URL/api/tasks/" --data-urlencode "project=$1" --data-urlencode page_size=5000 \
            --data-urlencode include=id --data-urlencode fields=task_only \
            | python3 -c 'import json, sys; print(json.dumps([t["id"] for t in json.load(sys.stdin)["tasks"]]))')" \
            || return 1
        curl -sS -f -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' \
            --data-binary "{\"selectedItems\": {\"all\": false, \"included\": $ids}}" \
            "$URL/api/dm/actions?id=delete_tasks&project=$1" || return 1
    done
    curl -sS -f -o /dev/null -X DELETE -H "$AUTH" "$URL/api/projects/$1/"
}

# Prints a Markdown table of the RESULT lines in the file $1, rows grouped by variant (and type, when the lines have
# one; in the order they first appear, unless $3 is "sorted"), each group closed by its medians (with as many decimals
# as the values). $2: the columns, "key=Header;key=Header;...".
print_table() {
    python3 - "$1" "$2" "${3:-}" <<'EOF'
import statistics, sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in open(sys.argv[1]) if line.startswith("RESULT")]
cols = [tuple(c.split("=", 1)) for c in sys.argv[2].split(";")]
def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None
def group(r):
    return r["variant"] + (" " + r["type"] if "type" in r else "")
variants = list(dict.fromkeys(group(r) for r in rows))
if sys.argv[3] == "sorted":
    variants.sort()
print()
print("| variant | run | " + " | ".join(c[1] for c in cols) + " |")
print("|---|---|" + "---|" * len(cols))
for variant in variants:
    mine = [r for r in rows if group(r) == variant]
    for r in mine:
        print("| %s | %s | " % (variant, r["run"]) + " | ".join(r.get(c, "-") for c, _ in cols) + " |")
    medians = []
    for c, _ in cols:
        given = [r.get(c) for r in mine if num(r.get(c)) is not None]
        # as many decimals as the values have
        places = max((len(v.split(".", 1)[1]) if "." in v else 0 for v in given), default=0)
        medians.append("%.*f" % (places, statistics.median([num(v) for v in given])) if given else "-")
    print("| %s | **median** | " % variant + " | ".join(medians) + " |")
EOF
}

# Prints the python of the virtualenv <cache>/venv-NAME, first creating it with `pip install PIP_SPEC...` (pinned
# versions) unless its marker file says it holds them. pip's output goes to <cache>/pip-NAME.log.
bench_venv() {
    local name="$1" venv marker
    shift
    venv="$CACHE/venv-$name"
    marker="$venv/.bench-installed"
    if [[ ! -f "$marker" || "$(cat "$marker")" != "$*" ]]; then
        log "creating $venv ($*)..."
        rm -rf "$venv"
        python3 -m venv "$venv" >&2 || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
        "$venv/bin/python" -m pip install -q "$@" > "$CACHE/pip-$name.log" 2>&1 \
            || die "pip install $* failed, see $CACHE/pip-$name.log"
        echo "$*" > "$marker"
    fi
    echo "$venv/bin/python"
}

# Sets SDK_PY (label-studio-sdk 2.x, pinned, own venv) and LEGACY_PY: the Label Studio venv made by
# scripts/labelstudio-server when its label_studio_sdk has the _legacy module (Label Studio 1.23.2 installs
# label-studio-sdk 2.1.2, which has it), otherwise the 2.x venv (label-studio-sdk 2.x still ships _legacy).
bench_sdk_pythons() {
    [[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed for the SDK variants (apt-get install time)"
    SDK_PY="$(bench_venv "sdk-$BENCH_SDK_VERSION" "label-studio-sdk==$BENCH_SDK_VERSION")"
    LEGACY_PY="$CACHE/venv-${LABEL_STUDIO_VERSION:-1.23.2}/bin/python"
    if ! "$LEGACY_PY" -c 'import label_studio_sdk._legacy' 2>/dev/null; then
        LEGACY_PY="$SDK_PY"
    fi
    log "legacy-sdk: label_studio_sdk._legacy of label-studio-sdk $(sdk_version "$LEGACY_PY") in ${LEGACY_PY%/bin/python}"
    log "sdk: label-studio-sdk $(sdk_version "$SDK_PY") in ${SDK_PY%/bin/python}"
}

sdk_version() { "$1" -c 'from importlib.metadata import version; print(version("label-studio-sdk"))'; }

sdk_python() { if [[ "$1" == legacy-sdk ]]; then echo "$LEGACY_PY"; else echo "$SDK_PY"; fi; }

# Runs one step of bench_sdk.py with the python $1 under GNU time: its answer goes to $2.json, GNU time's report to
# $2.time; then prints "<wall s> <client CPU s> <peak RSS MB>" (the wall time as measured around the SDK calls; the
# CPU time and the RSS are the whole process's, starting the interpreter and importing the SDK included).
sdk_step() {
    local py="$1" out="$2"
    shift 2
    /usr/bin/time -v -o "$out.time" "$py" "$ROOT/scripts/lib/bench_sdk.py" "$@" --out "$out.json" >&2 \
        || die "bench_sdk.py $1 failed (GNU time's report: $out.time)"
    python3 - "$out" <<'EOF'
import json, re, sys
out = sys.argv[1]
t = open(out + ".time").read()
num = lambda k: float(re.search(re.escape(k) + r":\s*([0-9.]+)", t).group(1))
print("%.3f %.2f %.0f" % (json.load(open(out + ".json"))["s"], num("User time (seconds)") + num("System time (seconds)"),
                          num("Maximum resident set size (kbytes)") / 1024))
EOF
}

# Writes the RESULT (and PREPARED) lines of the file $1 as JSON, numbers as numbers, with the machine, the versions
# and the command line (BENCH_COMMAND), to <work-dir>/results-<benchmark $2>-<UTC time>.json, one file per benchmark
# run; sets RESULTS_JSON to it. scripts/lib/bench_chart.py draws the chart from such files.
write_results_json() {
    RESULTS_JSON="$WORK/results-$2-$(date -u +%Y%m%dT%H%M%SZ).json"
    python3 - "$1" "$2" "$RESULTS_JSON" "${BENCH_COMMAND:-}" "${SDK_PY:-}" "${LEGACY_PY:-}" <<'EOF'
import json, os, platform, subprocess, sys, time
results, name, out, command, sdk_py, legacy_py = sys.argv[1:7]
def value(v):
    try:
        return int(v) if v.isdigit() else float(v)
    except ValueError:
        return v
rows, prepared = [], None
for line in open(results):
    words = line.split()
    if words and words[0] in ("RESULT", "PREPARED"):
        row = {k: value(v) for k, v in (w.split("=", 1) for w in words[1:] if "=" in w)}
        if words[0] == "RESULT":
            rows.append(row)
        else:
            prepared = row
def sdk_version(py):
    if not py:
        return None
    r = subprocess.run([py, "-c", "from importlib.metadata import version; print(version('label-studio-sdk'))"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return r.stdout.strip() or None
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
doc = {
    "benchmark": name,
    "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "command": command,
    "machine": {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
                "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
    "versions": {"label_studio": os.environ.get("LABEL_STUDIO_VERSION"), "python": platform.python_version(),
                 "label_studio_sdk_legacy": sdk_version(legacy_py), "label_studio_sdk": sdk_version(sdk_py)},
    "prepared": prepared,
    "results": rows,
}
json.dump(doc, open(out, "w"), indent=1)
EOF
    log "results as JSON: $RESULTS_JSON"
}
