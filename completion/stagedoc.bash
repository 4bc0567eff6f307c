# Complétion bash de stagedoc : les commandes, les options de chaque commande,
# les fichiers .xml et les classeurs (.xlsx, .ods, .csv, ou un dossier de CSV)
# en entrée, un dossier après -o/--output, --tableur et --templates.
# Les fichiers qui ont l'une des extensions données (en minuscules ou en
# majuscules, comme Windows les écrit : CLASSE.XLSX), puis les dossiers.
_stagedoc_files() {
    local ext
    for ext in "$@"; do
        COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
        COMPREPLY+=($(compgen -f -X "!*.${ext^^}" -- "$cur"))
    done
    COMPREPLY+=($(compgen -d -- "$cur"))
}

_stagedoc() {
    local cur prev cmd common opts
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "check calendar import export init build bundle verify signatures --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    common="--templates --region --max-size --racine -h --help"
    case $prev in
    -o|--output)
        # export écrit classe.xlsx, classe.ods ou un dossier de CSV ; import,
        # une promotion XML ; build et bundle, dans un dossier.
        case $cmd in
        export) _stagedoc_files xlsx ods ;;
        import) _stagedoc_files xml ;;
        *) COMPREPLY=($(compgen -d -- "$cur")) ;;
        esac
        return ;;
    --templates|--tableur|--racine)
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
    --langue)
        COMPREPLY=($(compgen -W "fr fr,en" -- "$cur")); return ;;
    --mot-de-passe-fichier|--index|--commun)
        COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --max-size|--nom|--only|-j|--jobs)
        return ;;
    esac
    case $cmd in
    check) opts="--werror --quiet --list-rules --commun --encodage" ;;
    calendar) opts="--format --commun --encodage" ;;
    build) opts="-o --output --only --unite --langue --pdfa --quiet --stage -j --jobs --commun --encodage" ;;
    bundle) opts="-o --output --nom --chiffrer --mot-de-passe-fichier --langue --pdfa --complet --stage --quiet -j --jobs --commun --encodage" ;;
    verify) opts="--mot-de-passe-fichier --index" ;;
    signatures) opts="--complet" ;;
    init) opts="--tableur --force --voie --promotion" ;;
    import) opts="-o --output --force --quiet --commun --encodage" ;;
    export) opts="-o --output --force" ;;
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
    import) _stagedoc_files xlsx ods csv ;;
    export) _stagedoc_files xml ;;
    *) _stagedoc_files xml xlsx ods csv ;;
    esac
}
complete -o filenames -F _stagedoc stagedoc
