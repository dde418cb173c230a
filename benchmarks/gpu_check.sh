#!/usr/bin/env bash
# The gpu preset's path on a CUDA machine, in one run of about 5 minutes.
#
#     OUT=/some/folder bash benchmarks/gpu_check.sh     # from the repository root
#
# Runs under $PYTHON, else the checkout's .venv/bin/python, else the machine's
# own python3 (a GPU machine's, with its torch), and never touches torch: the
# project is put on PYTHONPATH from src/ (nothing is built or installed, so
# neither pyproject's torch pin nor its Python range applies), and any wheels in $WHEELS (default .whl/) are installed with
# --no-deps into a folder of their own, for packages the machine lacks.
# Then, each step under a time limit and each writing its files under $OUT
# as it goes (a step cut short keeps what it measured):
#   1. the machine: Python, torch, the GPU, the project's imports;
#   2. tests/test_device_path.py and tests/test_devices.py (their CUDA cases);
#   3. benchmarks/determinism.py --device cuda (two runs of each config, then compiled);
#   4. benchmarks/bench.py --seeds-at-once 1 8 64 on the gpu preset's models;
#   5. benchmarks/bench.py on the gpu preset's models, short repeats.
# Without CUDA the CUDA steps print their refusal and the script still ends
# with a summary (a rehearsal). Record what came back with
#     python benchmarks/record_gpu.py $OUT
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
export OUT=${OUT:-$ROOT/benchmarks/output/gpu_check}
# The checkout's .venv where it has one (here), else the machine's python3 (a GPU
# machine's, which holds its torch: .venv is never copied there).
if [[ -z ${PYTHON:-} && -x $ROOT/.venv/bin/python ]]; then PYTHON=$ROOT/.venv/bin/python; fi
PY=${PYTHON:-python3}
WHEELS=${WHEELS:-$ROOT/.whl}
TOTAL=${GPU_CHECK_SECONDS:-285} # the whole script's budget, seconds
mkdir -p "$OUT"
LOG=$OUT/log.txt
: >"$LOG"
START=$(date +%s)
STATUS=()
elapsed() { echo $(($(date +%s) - START)); }
log() { echo "[$(elapsed)s] $*" | tee -a "$LOG"; }

# step NAME SECONDS COMMAND...: at most SECONDS, and never past the budget.
step() {
	local name=$1 limit=$2 left
	shift 2
	left=$((TOTAL - $(elapsed)))
	((limit > left)) && limit=$left
	if ((limit < 5)); then
		log "== $name: skipped, the budget is spent"
		STATUS+=("\"$name\": \"skipped\"")
		return
	fi
	log "== $name (at most ${limit}s): $*"
	timeout --kill-after=5 "$limit" "$@" >>"$LOG" 2>&1
	local rc=$?
	log "== $name: exit $rc$( ((rc == 124)) && echo ' (time limit)')"
	STATUS+=("\"$name\": $rc")
}

SITE=${TMPDIR:-/tmp}/negresults-wheels
if compgen -G "$WHEELS/*.whl" >/dev/null; then
	log "installing $(ls "$WHEELS" | tr '\n' ' ')into $SITE"
	$PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
		--target "$SITE" "$WHEELS"/*.whl >>"$LOG" 2>&1 || log "wheel install failed"
fi
export PYTHONPATH="$ROOT/src:$SITE${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
# The device tests (tests/test_readme.py rehearses this script on a machine without CUDA).
TESTS=${GPU_CHECK_TESTS:-tests/test_device_path.py tests/test_devices.py}

step machine 30 $PY - <<'PY'
import importlib, json, os, platform, sys
import torch
info = {"python": platform.python_version(), "torch": torch.__version__,
        "cuda": torch.cuda.is_available()}
if info["cuda"]:
    info["gpu"] = torch.cuda.get_device_name()
    info["cuda_runtime"] = torch.version.cuda
import negresults
info["negresults_from"] = os.path.dirname(negresults.__file__)
missing = []
for name in ("numpy", "scipy", "pandas", "sklearn", "skimage", "matplotlib", "threadpoolctl",
             "tqdm", "filelock", "yaml", "lightning", "pytest", "torchvision",
             "negresults.studies", "negresults.tasks", "negresults.shape_color.compute.train",
             "negresults.transfer.compute.selection"):
    try:
        importlib.import_module(name)
    except Exception as err:  # noqa: BLE001
        missing.append(f"{name}: {type(err).__name__}: {err}")
info["import_failures"] = missing
print(json.dumps(info, indent=1))
json.dump(info, open(os.path.join(os.environ["OUT"], "machine.json"), "w"), indent=1)
PY
command -v nvidia-smi >/dev/null && nvidia-smi -L >>"$LOG" 2>&1
log "revision: $(git rev-parse --short=12 HEAD 2>&1)"

step tests 60 $PY -m pytest -p no:cacheprovider -o addopts=-ra -q --durations=5 \
	--junitxml="$OUT/tests.xml" $TESTS
step determinism 120 $PY benchmarks/determinism.py --device cuda --out "$OUT/determinism.json"
step seeds_at_once 45 $PY benchmarks/bench.py --device cuda --preset gpu --seeds-at-once 1 8 64 \
	--out "$OUT/seeds.json"
step bench 100 $PY benchmarks/bench.py --device cuda --preset gpu --repeats 3 --out "$OUT/bench.json"

log "done in $(elapsed)s"
(
	IFS=,
	echo "{\"seconds\": $(elapsed), ${STATUS[*]}}"
) >"$OUT/status.json"
cat "$OUT/status.json"
ls -la "$OUT" | tee -a "$LOG"
