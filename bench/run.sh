#!/usr/bin/env bash
# Times tracewire against a no-op analyzer (bench/noop) on a real module that
# uses a messaging client tracewire knows. Both binaries are multicheckers, so the driver,
# the load mode and the packages are the same; the difference is the cost of
# tracewire's analyzers. See bench/README.md.
#
# Environment:
#   BENCH_RUNS    timed runs of each tool (default 5)
#   BENCH_MODULE  MODULE@VERSION to analyze (default below); it must import
#                 a supported client (sarama, confluent-kafka-go, kafka-go,
#                 franz-go, nats.go, amqp091-go, streadway/amqp)
#
# The module is fetched once through the Go module proxy into bench/out/mod/
# (git-ignored); the timed runs use GOPROXY=off.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

module=${BENCH_MODULE:-github.com/ThreeDotsLabs/watermill-kafka/v3@v3.0.6}
runs=${BENCH_RUNS:-5}
out=$repo/bench/out

die() {
	echo "run.sh: $*" >&2
	exit 1
}
note() { echo "run.sh: $*" >&2; }

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$runs'"
[[ $module == ?*@?* ]] || die "BENCH_MODULE must be MODULE@VERSION, got '$module'"
command -v go >/dev/null 2>&1 || die "go is not on PATH"
# Loading packages builds export data for the standard library with cgo.
command -v gcc >/dev/null 2>&1 || die "gcc is needed (cgo); run scripts/test.sh once or apt-get install gcc"
export CGO_ENABLED=1 GOWORK=off

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall time, CPU time and max RSS come from GNU time when there is one;
# bash's time keyword gives the times but no max RSS.
gnu_time() { /usr/bin/time -f %M -o /dev/null true >/dev/null 2>&1; }
if ! gnu_time && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	note "installing GNU time (for max RSS)"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; } >/dev/null 2>&1 ||
		note "could not install GNU time"
fi
if gnu_time; then timer=gnu; else
	timer=bash
	note "GNU time not found: no max RSS (install the 'time' package for it)"
fi

# Build. The test fails if noop no longer mirrors tracewire's Requires and
# FactTypes, which would make the two runs load and analyze differently.
note "building tracewire and noop into bench/out/bin"
go test -count=1 ./bench/noop >/dev/null || die "bench/noop does not mirror tracewire's analyzers (go test ./bench/noop)"
go build -o "$out/bin/tracewire" ./cmd/tracewire
go build -o "$out/bin/noop" ./bench/noop

# Fetch the module: its source from the module cache, copied so that it is
# writable and is the main module, then its dependencies.
dest=$out/mod/${module//\//_}
if [ ! -f "$dest/go.mod" ]; then
	note "fetching $module through the module proxy"
	json=$(cd "$work" && go mod download -json "$module") || {
		echo "$json" >&2
		die "go mod download $module failed"
	}
	dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	[ -n "$dir" ] || die "go mod download reported no source directory for $module: $json"
	[ -f "$dir/go.mod" ] || die "$module has no go.mod: pick a module that declares its dependencies"
	rm -rf "$dest.tmp"
	mkdir -p "$dest.tmp"
	cp -R "$dir/." "$dest.tmp"
	chmod -R u+w "$dest.tmp"
	(cd "$dest.tmp" && go mod download) || die "downloading the dependencies of $module failed"
	mv "$dest.tmp" "$dest"
fi
cd "$dest"
export GOPROXY=off
deps=$(go list -deps -test ./...) || die "go list ./... failed in $dest"
clients='github.com/(IBM|Shopify)/sarama|github.com/confluentinc/confluent-kafka-go(/v2)?/kafka|github.com/segmentio/kafka-go|github.com/twmb/franz-go/pkg/kgo|github.com/nats-io/nats.go(/jetstream)?|github.com/rabbitmq/amqp091-go|github.com/streadway/amqp'
grep -Eqx "$clients" <<<"$deps" || die "$module imports no supported messaging client"
npkgs=$(go list ./... | wc -l)

# measure TOOL [ARGS...]: runs TOOL ./... in the module, leaves its stderr in
# $work/stderr and "WALL_S USER_S SYS_S MAX_RSS_KIB" in $work/result (RSS
# "-" without GNU time). Exit status 3 (findings) is success.
measure() {
	local status
	set +e
	if [ "$timer" = gnu ]; then
		/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" ./... >"$work/stdout" 2>"$work/stderr"
		status=$?
	else
		local TIMEFORMAT='%R %U %S'
		{ time "$@" ./... >"$work/stdout" 2>"$work/stderr"; } 2>"$work/time"
		status=$?
	fi
	set -e
	if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
		cat "$work/stderr" >&2
		die "$* ./... exited with status $status in $dest"
	fi
	# GNU time puts "Command exited with non-zero status 3" before the figures.
	if [ "$timer" = gnu ]; then
		tail -n 1 "$work/time" >"$work/result"
	else
		echo "$(tail -n 1 "$work/time") -" >"$work/result"
	fi
}

# Other work on the machine shows in the figures; record how busy it was.
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
note "warming up (build cache, page cache)"
measure "$out/bin/noop"
measure "$out/bin/tracewire"
cp "$work/stderr" "$work/findings"

declare -a noop_wall=() noop_cpu=() noop_rss=() tw_wall=() tw_cpu=() tw_rss=()
for ((i = 1; i <= runs; i++)); do
	note "run $i/$runs"
	# Alternate the order so that drift on the machine hits both tools alike.
	if ((i % 2)); then order="noop tracewire"; else order="tracewire noop"; fi
	for tool in $order; do
		measure "$out/bin/$tool"
		read -r wall user sys rss <"$work/result"
		cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
		if [ "$tool" = noop ]; then
			noop_wall+=("$wall") noop_cpu+=("$cpu") noop_rss+=("$rss")
		else
			tw_wall+=("$wall") tw_cpu+=("$cpu") tw_rss+=("$rss")
		fi
	done
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minmax() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }
maxrss() { # KiB -> MiB, or "n/a"
	if [ "$1" = - ]; then echo n/a; else printf '%s\n' "$@" | sort -n | tail -n 1 | awk '{ printf "%.1f", $1 / 1024 }'; fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "x%.2f", a / b }'; }

nw=$(median "${noop_wall[@]}") tw=$(median "${tw_wall[@]}")
nc=$(median "${noop_cpu[@]}") tc=$(median "${tw_cpu[@]}")
nr=$(maxrss "${noop_rss[@]}") tr=$(maxrss "${tw_rss[@]}")

echo
echo "module:  $module ($npkgs package(s) matched by ./..., analyzed with their tests)"
echo "machine: $(nproc) CPUs, load $load before the runs, $(go version | cut -d' ' -f3-)"
echo "timer:   $timer, $runs runs per tool after one warm-up, GOPROXY=off"
echo
printf '%-10s %5s %13s %13s %13s %12s\n' tool runs "median wall s" "min-max wall" "median CPU s" "max RSS MiB"
printf '%-10s %5s %13.2f %13s %13.2f %12s\n' noop "$runs" "$nw" "$(minmax "${noop_wall[@]}")" "$nc" "$nr"
printf '%-10s %5s %13.2f %13s %13.2f %12s\n' tracewire "$runs" "$tw" "$(minmax "${tw_wall[@]}")" "$tc" "$tr"
echo
echo "tracewire/noop: wall $(ratio "$tw" "$nw"), CPU (user+sys) $(ratio "$tc" "$nc"), max RSS $(ratio "$tr" "$nr")"
echo "(max RSS is that of the largest single process of a run, which can be the"
echo " go list child of the driver rather than the analysis process)"

# Findings of the warm-up run: one "file:line:col: message" line each
# (related information follows as "file:line:col: \tmessage").
strip() { awk -v p="$dest/" 'index($0, p) == 1 { $0 = substr($0, length(p) + 1) } { print }'; }
grep -E '^[^[:space:]].*:[0-9]+:[0-9]+: ' "$work/findings" | grep -Ev ':[0-9]+:[0-9]+: '$'\t' | strip >"$work/diags" || true
echo
echo "tracewire findings on $module: $(wc -l <"$work/diags")"
sed 's/^/  /' "$work/diags"

# Evidence that the analyzers ran: the driver's per-pass timings (passes
# making up 90% of the total), sequential so the times are not noise.
set +e
"$out/bin/tracewire" -debug=tp ./... >/dev/null 2>"$work/debug"
status=$?
set -e
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
	cat "$work/debug" >&2
	die "tracewire -debug=tp ./... exited with status $status in $dest"
fi
echo
echo "tracewire passes (-debug=tp, sequential):"
grep -E $'^[0-9][0-9.a-zµ]*\t' "$work/debug" | sed 's/^/  /' || echo "  (none reported)"
