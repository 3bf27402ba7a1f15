# zsh -f tests/completions/zsh-complete.zsh FPATH_DIR BIN_DIR 'command line' OUT
#
# Types the command line into an interactive zsh (on a pseudo-terminal,
# zsh/zpty), presses Tab, and appends to OUT each set of matches the
# completion system was given, as <<a|b|c>>. A stand-in compadd records
# what the real one receives, then passes it on.
zmodload zsh/zpty || exit 77
zpty z zsh -f -i
zpty -w z "PROMPT=; RPROMPT=; PATH=$2:\$PATH; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd() { local -a m; builtin compadd -O m "$@"; (( $#m )) && print -r -- "<<${(j:|:)m}>>" >>"$OUT"; builtin compadd "$@"; }'
zpty -w z "OUT=${(q)4}"
zpty -w z "$3"$'\t'
# Wait for the first matches (at most 40 s: a loaded machine), then a
# little for the rest.
for i in {1..400}; do [[ -s $4 ]] && break; sleep 0.1; done
sleep 0.5
zpty -d z
