# bash completion for stagedoc — commands, each command's options, .xml and
# spreadsheet inputs, directories after -o/--output and --templates.
# Files with one of the extensions given, then directories.
_stagedoc_files() {
    local ext
    for ext in "$@"; do
        COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
    done
    COMPREPLY+=($(compgen -d -- "$cur"))
}

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
        COMPREPLY=($(compgen -W "text tsv csv" -- "$cur")); return ;;
    --encodage)
        COMPREPLY=($(compgen -W "utf-8 windows-1252" -- "$cur")); return ;;
    --voie)
        COMPREPLY=($(compgen -W "scolaire apprentissage formation-continue" -- "$cur")); return ;;
    --unite)
        COMPREPLY=($(compgen -W "U51 U52 U61 U62" -- "$cur")); return ;;
    --mot-de-passe-fichier|--index|--commun)
        COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --max-size|--nom|--only|-j|--jobs)
        return ;;
    esac
    case $cmd in
    check) opts="--werror --quiet --list-rules --commun --encodage" ;;
    calendar) opts="--format --commun --encodage" ;;
    build) opts="-o --output --only --unite --langue --quiet -j --jobs --commun --encodage" ;;
    bundle) opts="-o --output --nom --chiffrer --mot-de-passe-fichier --langue --quiet -j --jobs --commun --encodage" ;;
    verify) opts="--mot-de-passe-fichier --index" ;;
    signatures) opts="--complet" ;;
    init) opts="--voie --promotion --tableur" ;;
    import) opts="-o --output --quiet --commun --encodage" ;;
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
    import) _stagedoc_files csv xlsx ods ;;
    *) _stagedoc_files xml csv xlsx ods ;;
    esac
}
complete -o filenames -F _stagedoc stagedoc
