#!/usr/bin/env bash
# sigrun.bash SIG DELAY INPUT OUT ERR -- CMD...
#
# Runs CMD with INPUT on its stdin through a pipe that stays open after the
# input (so CMD is still running whatever moment the signal lands: busy
# with a record, writing, or waiting for more input), sends SIG after
# DELAY seconds, and prints CMD's exit status as the shell reports it.
# Job control is on so that a background CMD does not start with SIGINT
# ignored, as it would in a plain non-interactive shell; and CMD runs under
# `env --default-signal` because a suite started in the background (cron,
# `make test &`) hands every child SIGINT ignored, which no shell can undo
# (the tools rightly keep an inherited SIG_IGN). With SIGRUN_PIPE=1
# CMD writes into a pipe (cat copies it to OUT) instead of the file itself.
set -m
sig=$1 delay=$2 in=$3 out=$4 err=$5
shift 6
d=$(mktemp -d)
mkfifo "$d/f"
{ cat "$in"; exec sleep 120; } >"$d/f" &
prod=$!
if [ "${SIGRUN_PIPE:-0}" = 1 ]; then
	mkfifo "$d/o"
	cat "$d/o" >"$out" &
	copier=$!
	env --default-signal=INT,TERM,HUP "$@" <"$d/f" >"$d/o" 2>"$err" &
else
	env --default-signal=INT,TERM,HUP "$@" <"$d/f" >"$out" 2>"$err" &
fi
tool=$!
sleep "$delay"
kill -s "$sig" "$tool"
wait "$tool"
st=$?
if [ -n "${copier:-}" ]; then
	# A CMD the signal ended before it opened its output never let cat's
	# open return: a read-write open (which never blocks) releases it.
	: <>"$d/o"
	wait "$copier"
fi
kill "$prod" 2>/dev/null
wait "$prod" 2>/dev/null
rm -rf "$d"
echo "$st"
