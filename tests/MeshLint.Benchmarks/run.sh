#!/usr/bin/env bash
# Whole-process performance figures (issue 5), printed as a table: figure, target, measured, reached.
#
#   tests/MeshLint.Benchmarks/run.sh            # everything (a few minutes; Spectral is the slow part)
#   RUNS=5 tests/MeshLint.Benchmarks/run.sh     # more runs per timing (the median is reported)
#   SKIP_SPECTRAL=1 tests/MeshLint.Benchmarks/run.sh
#
# Corpora come from ../shared/bench/gen_corpus.py (MESHLINT_SHARED overrides the shared folder) and live in a
# temporary folder that is removed at the end. MeshLint is published Release with ReadyToRun, as users get it.
# Wall times are whole processes (start-up included) measured with /usr/bin/time; CPU is user + system time, the
# figure to trust when other work shares the machine (the load average is printed before and after).
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MESHLINT_SHARED:-$repo/../shared}
generator=$shared/bench/gen_corpus.py
spectral_rules=$shared/bench/spectral/.spectral.yaml
runs=${RUNS:-3}
[ -f "$generator" ] || { echo "run.sh: $generator not found (set MESHLINT_SHARED)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/meshlint-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== generating corpora in $work" >&2
python3 "$generator" --services 2000 --out "$work/c2k"
python3 "$generator" --services 20000 --out "$work/c20k"
python3 "$generator" --services 2000 --out "$work/split" --split
python3 "$generator" --services 300 --out "$work/repo/k8s"

echo "== building (Release, ReadyToRun)" >&2
dotnet publish "$repo/src/MeshLint.Cli" -c Release -r linux-x64 --self-contained false -o "$work/cli" --nologo -v q >&2
dotnet build "$repo/tests/MeshLint.Benchmarks" -c Release -o "$work/bench" --nologo -v q >&2
meshlint=$work/cli/meshlint
floor=$work/bench/MeshLint.Benchmarks

# measure NAME RUNS CMD...: runs CMD (from $work, or $IN) and records the median wall seconds, CPU seconds and peak RSS (MB).
declare -A wall cpu rss
measure() {
  local name=$1 count=$2
  shift 2
  local samples=()
  for _ in $(seq "$count"); do
    local status=0
    (cd "${IN:-$work}" && /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt") || status=$?
    # 0: clean, 1: findings (every tool here reports the corpus' deliberate mistakes); anything else is a failed run.
    if [ "$status" -gt 1 ]; then
      echo "run.sh: '$*' failed with exit code $status:" >&2
      cat "$work/stderr.txt" >&2
      exit 1
    fi
    samples+=("$(tail -n 1 "$work/time.txt")")
  done
  local median
  median=$(printf '%s\n' "${samples[@]}" | sort -n -k1,1 | sed -n "$(((count + 1) / 2))p")
  wall[$name]=$(awk '{printf "%.2f", $1}' <<<"$median")
  cpu[$name]=$(awk '{printf "%.2f", $2 + $3}' <<<"$median")
  rss[$name]=$(awk '{printf "%.0f", $4 / 1024}' <<<"$median")
  echo "   $name: ${wall[$name]} s wall, ${cpu[$name]} s CPU, ${rss[$name]} MB peak RSS" >&2
}

echo "== timing ($runs runs each, median)" >&2
measure floor2k "$runs" "$floor" --floor c2k
measure check2k "$runs" "$meshlint" check c2k
measure floor20k 1 "$floor" --floor c20k
measure check20k 1 "$meshlint" check c20k
measure checksplit "$runs" "$meshlint" check split

# Pre-commit: one changed file in a git repository of a few hundred manifests, the rest loaded as context.
(
  cd "$work/repo"
  git init -q . && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm corpus
  sed -i 's/replicas: 2/replicas: 3/' k8s/team-0001/svc-00025.yaml
)
measure startup "$runs" "$meshlint" --version
measure precommit_floor "$runs" "$floor" --floor repo/k8s
IN=$work/repo measure precommit "$runs" "$meshlint" check --with-context repo k8s/team-0001/svc-00025.yaml
repo_files=$(find "$work/repo/k8s" -name '*.yaml' | wc -l)

spectral_bin=${SPECTRAL:-$repo/.tools/spectral/node_modules/.bin/spectral}
if [ -z "${SKIP_SPECTRAL:-}" ]; then
  if [ ! -x "$spectral_bin" ]; then
    echo "== installing Spectral 6.16.3 into .tools/spectral" >&2
    npm install --silent --no-audit --no-fund --prefix "$repo/.tools/spectral" @stoplight/spectral-cli@6.16.3 >&2
  fi
  measure spectral 1 "$spectral_bin" lint --quiet -r "$spectral_rules" "split/**/*.yaml"
fi

# Each rule alone on both corpora: a rule whose time grows much faster than the corpus (10x) goes through no index.
echo "== rule by rule (2,000 and 20,000 services)" >&2
MESHLINT_RULE_TIMES=$work/rules2k.tsv "$floor" --phases "$work/c2k" 2>/dev/null
MESHLINT_RULE_TIMES=$work/rules20k.tsv "$floor" --phases "$work/c20k" 2>/dev/null
# The worst growth among rules that take at least 50 ms on the large corpus (below that, timer noise dominates).
worst_rule=$(join -t $'\t' <(sort "$work/rules2k.tsv") <(sort "$work/rules20k.tsv") |
  awk -F'\t' '$3 >= 50 { g = ($2 > 0 ? $3 / $2 : 999); if (g > best) { best = g; id = $1; t = $3 } } END { if (id == "") print "none 0 0"; else printf "%s %.2f %.0f\n", id, best, t }')
read -r worst_id worst_growth worst_ms <<<"$worst_rule"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
split_files=$(find "$work/split" -name '*.yaml' | wc -l)

verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == "<=") ? (a <= b) : (a >= b); print ok ? "yes" : "no" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

growth=$(ratio "${wall[check20k]}" "${wall[check2k]}")
growth_cpu=$(ratio "${cpu[check20k]}" "${cpu[check2k]}")
vs_floor=$(ratio "${wall[check2k]}" "${wall[floor2k]}")
precommit_budget=$(awk -v a="${wall[startup]}" -v b="${wall[precommit_floor]}" 'BEGIN { printf "%.2f", a + b }')

echo
echo "MeshLint performance ($(nproc) cores; load average before: $load_before, after: $load_after; $runs runs, median)"
echo
echo "| Figure | Target | Measured | Reached |"
echo "|---|---|---|---|"
echo "| Full check, 2,000 services (2,081 files) vs parsing floor | <= floor (${wall[floor2k]} s) | ${wall[check2k]} s (${vs_floor}x floor; CPU ${cpu[check2k]} s vs ${cpu[floor2k]} s) | $(verdict "${wall[check2k]}" "<=" "${wall[floor2k]}") |"
echo "| Growth 20,000 / 2,000 services | <= 11x | ${growth}x wall (${wall[check20k]} s; CPU ${growth_cpu}x) | $(verdict "$growth" "<=" 11) |"
if [ -n "${wall[spectral]:-}" ]; then
  speedup=$(ratio "${wall[spectral]}" "${wall[checksplit]}")
  echo "| Spectral (5 rules) vs MeshLint, split tree ($split_files files) | >= 25x faster | ${speedup}x (Spectral ${wall[spectral]} s, MeshLint ${wall[checksplit]} s) | $(verdict "$speedup" ">=" 25) |"
fi
echo "| Pre-commit, 1 changed file, --with-context repo ($repo_files manifests) | <= start-up + context floor (${wall[startup]} + ${wall[precommit_floor]} = $precommit_budget s) | ${wall[precommit]} s (CPU ${cpu[precommit]} s) | $(verdict "${wall[precommit]}" "<=" "$precommit_budget") |"
echo "| Worst rule growth 20,000 / 2,000 (rules >= 50 ms at 20,000) | <= 15x (linear, with timer noise) | ${worst_growth}x ($worst_id, ${worst_ms} ms at 20,000) | $(verdict "$worst_growth" "<=" 15) |"
echo "| Peak memory, 2,000 services | < 300 MB | ${rss[check2k]} MB | $(verdict "${rss[check2k]}" "<=" 299) |"
