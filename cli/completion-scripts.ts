import type { Shell } from './parse-args.ts';

/**
 * The scripts `completion bash|zsh|fish` prints. Each asks `kubectl-pontual __complete` for the
 * candidates, so the scripts never go stale when a command or flag is added.
 */
const KUBECTL_HINT =
  'For `kubectl pontual <TAB>` (kubectl 1.26+), put an executable named kubectl_complete-pontual on PATH:\n' +
  '#   printf \'#!/bin/sh\\nexec kubectl-pontual __complete "$@"\\n\' > ~/.local/bin/kubectl_complete-pontual && chmod +x ~/.local/bin/kubectl_complete-pontual';

const SCRIPTS: Readonly<Record<Shell, string>> = {
  bash: `# bash completion for kubectl-pontual: source <(kubectl pontual completion bash)
# ${KUBECTL_HINT}
_kubectl_pontual() {
  local IFS=$'\\n'
  COMPREPLY=( $(kubectl-pontual __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null | grep -v '^:') )
}
complete -o default -F _kubectl_pontual kubectl-pontual
`,
  zsh: `#compdef kubectl-pontual
# zsh completion for kubectl-pontual: kubectl pontual completion zsh > "\${fpath[1]}/_kubectl-pontual"
# ${KUBECTL_HINT}
_kubectl_pontual() {
  local -a candidates
  candidates=("\${(@f)$(kubectl-pontual __complete "\${(@)words[2,CURRENT]}" 2>/dev/null | grep -v '^:')}")
  compadd -a candidates
}
if [ "\${funcstack[1]}" = "_kubectl_pontual" ]; then
  _kubectl_pontual "$@"
else
  compdef _kubectl_pontual kubectl-pontual
fi
`,
  fish: `# fish completion for kubectl-pontual: kubectl pontual completion fish > ~/.config/fish/completions/kubectl-pontual.fish
# ${KUBECTL_HINT}
function __kubectl_pontual_complete
    set -l args (commandline -opc)[2..-1] (commandline -ct)
    kubectl-pontual __complete $args 2>/dev/null | string match -v -r '^:'
end
complete -c kubectl-pontual -f -a '(__kubectl_pontual_complete)'
`,
};

export function completionScript(shell: Shell): string {
  return SCRIPTS[shell];
}
