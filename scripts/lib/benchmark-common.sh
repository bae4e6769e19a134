# shellcheck shell=bash
# What scripts/benchmark-tasks and scripts/benchmark-exports share. Sourced by them (after `set -euo pipefail` and
# after setting ROOT to the checkout), never run on its own.
#
# Functions: die, log, bench_help, bench_on_exit, bench_start_server ENV_FILE, bench_classpath SKIP_BUILD, now, load1,
# server_cpu, children_cpu, create_project TITLE, delete_project ID, print_table RESULTS COLUMNS.
# Variables set: URL, AUTH (the Authorization header), BENCH_CLK_TCK (exported), JAVA_CP; read: WORK.

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

# Starts a throw-away local Label Studio with scripts/labelstudio-server and the env file $1 (stopped again on exit),
# unless LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (a legacy token) name a server. Sets URL and AUTH.
bench_start_server() {
    local env_file="$1"
    if [[ -z "${LABEL_STUDIO_URL:-}" || -z "${LABEL_STUDIO_API_KEY:-}" ]]; then
        log "starting a local Label Studio (env file $env_file)..."
        python3 "$ROOT/scripts/labelstudio-server" stop --env-file "$env_file" >/dev/null
        python3 "$ROOT/scripts/labelstudio-server" start --env-file "$env_file" >/dev/null
        # shellcheck disable=SC2016 # expanded when the script exits
        bench_on_exit 'python3 "$ROOT/scripts/labelstudio-server" stop --env-file "'"$env_file"'" >/dev/null'
        set -a
        # shellcheck disable=SC1090
        . "$env_file"
        set +a
    else
        unset LABEL_STUDIO_PID # a remote server: its CPU time is not measured
    fi
    URL="${LABEL_STUDIO_URL%/}"
    AUTH="Authorization: Token $LABEL_STUDIO_API_KEY"
    BENCH_CLK_TCK="$(getconf CLK_TCK)"
    export BENCH_CLK_TCK
}

# Builds the component and the examples in one reactor (nothing is installed into ~/.m2) unless $1 is true, then sets
# JAVA_CP to the runtime classpath of the examples (exec:exec with the executable echo; its line is the last one, the
# examples being built last), in which the component is the one built from this checkout (copied to $WORK/classes,
# see below). The Java side of a benchmark runs in a JVM of its own, not inside Maven as exec:java
# would, so that its peak RSS is its own.
bench_classpath() {
    local goals=(exec:exec)
    if [[ "$1" != true ]]; then
        log "building camel-labelstudio and camel-labelstudio-examples..."
        goals=(package exec:exec)
    fi
    JAVA_CP="$(mvn -B -q -f "$ROOT/pom.xml" -pl camel-labelstudio-examples -am -DskipTests -Dspotless.check.skip=true \
        "${goals[@]}" -Dexec.executable=echo -Dexec.args='%classpath' | sed 's/\x1b\[[0-9;]*m//g' \
        | grep 'camel-labelstudio-examples/target/classes' | tail -n 1)"
    [[ -n "$JAVA_CP" ]] || die "could not build or get the classpath of camel-labelstudio-examples"
    if [[ "$1" == true ]]; then
        # Without a build phase in the reactor, Maven resolves the component from the local repository (~/.m2), which
        # holds whatever was installed last, not this checkout's classes: use those.
        [[ -d "$ROOT/camel-labelstudio/target/classes/io" ]] || die "--skip-build: camel-labelstudio is not built"
        JAVA_CP="$(tr ':' '\n' <<< "$JAVA_CP" \
            | sed "s|^.*/io/camellabelstudio/camel-labelstudio/[^/]*/camel-labelstudio-[^/]*\.jar\$|$ROOT/camel-labelstudio/target/classes|" \
            | paste -sd:)"
    fi
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

# CPU seconds (user + system) of the local server's process group; "nan" for a remote server. A process that ends
# between the glob and awk's reading of its stat file makes awk exit with 2 after printing the sum of the others, which
# is still right (the server's processes are alive), hence the `|| true`.
server_cpu() {
    if [[ -z "${LABEL_STUDIO_PID:-}" ]]; then echo nan; return; fi
    awk -v pg="$LABEL_STUDIO_PID" -v hz="$BENCH_CLK_TCK" '
        { sub(/^.*\) /, ""); if ($3 == pg) t += $12 + $13 }
        END { printf "%.2f\n", t / hz }' /proc/[0-9]*/stat 2>/dev/null || true
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

delete_project() {
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
