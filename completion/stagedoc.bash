# bash completion for stagedoc — commands, each command's options, .xml
# inputs, directories after -o/--output and --templates.
_stagedoc() {
    local cur prev cmd common opts
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "check calendar init import build bundle verify signatures --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    common="--templates --region --max-size -h --help"
    case $prev in
    -o|--output|--templates)
        COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --region)
        COMPREPLY=($(compgen -W "metropole alsace-moselle guadeloupe martinique guyane reunion mayotte" -- "$cur")); return ;;
    --format)
        COMPREPLY=($(compgen -W "text tsv" -- "$cur")); return ;;
    --voie)
        COMPREPLY=($(compgen -W "scolaire apprentissage formation-continue" -- "$cur")); return ;;
    --unite)
        COMPREPLY=($(compgen -W "U51 U52 U61 U62" -- "$cur")); return ;;
    --mot-de-passe-fichier|--index)
        COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --max-size|--nom|--only)
        return ;;
    esac
    case $cmd in
    check) opts="--werror --quiet --list-rules" ;;
    calendar) opts="--format" ;;
    build) opts="-o --output --only --unite --langue --quiet" ;;
    bundle) opts="-o --output --nom --chiffrer --mot-de-passe-fichier --langue --quiet" ;;
    verify) opts="--mot-de-passe-fichier --index" ;;
    signatures) opts="--complet" ;;
    init) opts="--voie --promotion --tableur" ;;
    import) opts="-o --output --commun --encodage" ;;
    *) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts $common" -- "$cur"))
        return
    fi
    case $cmd in
    verify) COMPREPLY=($(compgen -f -X '!*.zip' -- "$cur")) ;;
    signatures) COMPREPLY=($(compgen -f -X '!*.pdf' -- "$cur") $(compgen -d -- "$cur")) ;;
    init) ;;
    *) COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur") $(compgen -d -- "$cur")) ;;
    esac
}
complete -o filenames -F _stagedoc stagedoc
