"""Multilingual cue lists for the cooperation classifier (it, en, az, ru, fr, de, es, tr).

Each category maps to "|"-separated cues. A cue is folded like the text (case, diacritics,
Turkish i, schwa), words are separated by any punctuation, a trailing "*" lets the last word
continue, and ":w" sets a weight (default 1). `CASED` cues are matched on the original text
with exact case (abbreviations such as NATO, UN, MoU).
"""

CUES: dict[str, str] = {
    # defence / military context
    "context": (
        "military|militar*|ministry of defence|ministry of defense|minister of defence|minister of defense"
        "|defence minister*|defense minister*|defence ministry|defense ministry|defence ministries|defense ministries"
        "|staff talks|defence secretary|secretary of defense"
        "|armed forces|army|armies|navy|navies|naval|air force*|troops|soldier*|servicem*|service members"
        "|general staff|chief of staff|chiefs of staff|brigade*|battalion*|regiment*|frigate*|corvette*|warship*"
        "|fighter*|marines|special forces|officers|cadet*|defence forces|defense forces|self defense force*"
        "|missile*|tank|tanks|submarine*|infantry|air defence|air defense|defence chiefs|defense chiefs"
        "|ministero della difesa|ministro della difesa|stato maggiore|forze armate|esercito|marina militare"
        "|aeronautica militare|truppe|brigata|reggimento|fregata|fregate|contingente|reparti|carri armati"
        "|herbi|herbci*|mudafie nazir*|silahli quvveler*|ordu|ordusu*|qosun*|zabit*|bas qerargah|polkovnik"
        "|herbi qulluqcu*"
        "|военн*|министерств* обороны|министр* обороны|минобороны|вооруженн* сил*|арми*|флот*|генштаб*"
        "|генеральн* штаб*|войск*|военнослужащ*|офицер*|спецподразделени*"
        "|ministere des armees|ministre des armees|armees|armee|forces armees|marine nationale|etat major|troupes"
        "|soldats|fregate*|ministre de la defense"
        "|bundeswehr|streitkrafte*|verteidigungsminist*|heer|luftwaffe|soldatinnen|truppenubungsplatz|panzer*"
        "|fregatte*|generalstab*|flugabwehr*|u boot*|marine:0.5"
        "|ministerio de defensa|ministra de defensa|ministro de defensa|fuerzas armadas|ejercito|armada|estado mayor"
        "|tropas|soldados|fragata*|efectivos"
        "|askeri|asker*|savunma bakan*|milli savunma|silahli kuvvetler*|kara kuvvetleri|deniz kuvvetleri"
        "|hava kuvvetleri|genelkurmay*|subay*|firkateyn*"
        "|defence:0.5|defense:0.5|difesa:0.5|defensa:0.5|verteidigung*:0.5|savunma:0.5|mudafie:0.5|оборон*:0.5"
    ),
    "coop": (
        "cooperation|co operation|cooperazione|cooperation*|cooperacion|zusammenarbeit|kooperation*|emekdasliq*"
        "|сотрудничеств*|isbirligi*|collaborazione|partnership|partenariato|partenariat|partnerschaft"
        "|terefdasliq*|партнерств*|interoperab*|collabor*|colabor*|birlikte calisabilirlig*"
        "|qarsiliqli fealiyyet*|взаимодейств*"
    ),
    "intl": (
        "bilateral*|bilateral|bilaterale*|ikiterefli|ikili|двусторонн*|трехсторонн*|trilateral*|ucterefli"
        "|delegation*|delegazion*|delegacion|numayende heyet*|heyet*|делегаци*|counterpart*|omolog*|homolog*"
        "|amtskolleg*|hemkar*|mevkidas*|foreign|international*|internazional*|beynelxalq|uluslararasi"
        "|международн*|multinational*|multinazional*|multinacional*|coxmilletli|cok uluslu|многонациональн*"
        "|allies|allied|alleat*|allies|verbundet*|aliad*|muttefiq*|muttefik*|союзн*|partner*|partenaires"
        "|two countries|both countries|due paesi|deux pays|beiden lander*|ambos paises|iki olke*|iki ulke*"
        "|двух стран|joint|congiunt*|conjoint*|gemeinsam*|conjunt*|birge|ortak|совместн*|mission*:0.5"
        "|mision:0.5|миссия:0.5|alongside|insieme a|avec leurs"
    ),
    "staff_talks": (
        "staff talks:3|stabsgesprach*:3|entretiens d etat major:3|conversaciones de estado mayor:3"
        "|штабн* переговор*:3|isci qerargah danisiqlar*:3|bilateral meeting:2|bilateral talks:2"
        "|incontro bilaterale:2|riunione bilaterale:2|reunion bilaterale:2|bilaterales treffen:2"
        "|ikiterefli gorus*:2|ikili gorusme*:2|working group:1.5|gruppo di lavoro:1.5|groupe de travail:1.5"
        "|arbeitsgruppe:1.5|grupo de trabajo:1.5|isci qrup*:1.5|calisma grubu:1.5|рабоч* групп*:1.5"
        "|talks|held talks|colloqui|entretiens|gesprach*|conversaciones|danisiq*|gorusme*|переговор*"
        "|consultations|consultazioni|konsultation*|consultas|meslehetlesme*|istisare*|консультаци*"
        "|meeting|met with|meets|met in|met|incontro|incontrato|riunione|rencontr*|treffen|reunion|reunieron"
        "|встреч*|встрет*"
        "|gorusub|gorustu|gorustuler|gorusmustur|kabul etti:0.5|kabul etmistir:0.5|bir araya geldi|toplanti*|iclas*"
        "|заседани*|discussed:0.5|discussion*:0.5|muzakire*:0.5"
        "|обсудил*:0.5|discusso:0.5|discutido:0.5|ele alindi:0.5|dialogue|dialogo|dialog|diyalog|диалог*"
        "|ha ricevuto|gorus:0.5"
    ),
    "agreement": (
        "agreement*|memorandum*:1.5|signed|signing|accordo|accordi|intesa|protocollo*|siglato|siglat*|firmat*"
        "|firma|accord|accords|protocole*"
        "|signe|signee|signes|lettre d intention|abkommen|vereinbarung*|absichtserklarung"
        "|unterzeichn*|acuerdo*|memorando*|firmaron|firmado*|sazis*"
        "|anlasma*|imzalan*|imzala*|protokol*|mutabakat*|соглашени*"
        "|меморандум*|подписа*|протокол*|договор*"
        "|treaty|trattato|traite|tratado|convenzione|convention|agreed*"
    ),
    "visit": (
        "visit*|official visit:2|visita ufficiale:2|in visita:1.5|visite*|s est rendu*|si e recato|besuch*"
        "|antrittsbesuch|sefer*|ziyaret*|визит*|посетил*|прибыл*|arrived in|hosted:0.5|hosts:0.5|port call|scalo"
        "|escale|resmi ziyaret*:2|resmi sefer*:2|visito"
    ),
    "exercise": (
        "exercise*|drill*|manoeuvre*|maneuver*|esercitazion*|manovr*|exercice*|ubung*|manover*|ejercicio*"
        "|maniobra*|telim*:0.5|tatbikat*|учени*|маневр*|passex|live fire"
    ),
    "training": (
        "training|trained|training course:1.5|course*:0.5|instructor*|military education:1.5|education:0.5"
        "|academy|cadet*|addestra*|formazion*|corso|istruttor*|accademia|formation:0.5|entrainement"
        "|instructeur*|cours|ausbild*|ausgebildet|grundausbild*|lehrgang*|akademie|formacion:0.5|adiestramiento:0.5|entrenamiento"
        "|curso*|tehsil*|kurs*|ixtisasartirma|akademiya*|kursant*|hazirliq|egitim*|akademi*|harp okulu"
        "|обучени*|подготовк*|курс*|академи*|курсант*|инструктор*"
    ),
    "industry": (
        "procurement:2|defence industry:2|defense industry:2|defence industrial:2|defense industrial:2"
        "|industrial cooperation:2|industria della difesa:2|cooperazione industriale:2|industri*"
        "|cooperation industrielle:2|industrie de defense:2|industriels|rustung*|beschaffung*"
        "|industria de defensa:2|savunma sanayi*:2|herbi senaye:2|mudafie senaye*:2|военно техническ*:2"
        "|оборонн* промышленност*:2|оборонно промышленн*|contract*|contratto|contrat|contrato|sozlesme*"
        "|muqavile*|контракт*|co production:2|coproduction|joint production:2|ortak uretim:2"
        "|совместн* производств*:2|delivery|delivered|deliver*|handed over|consegna|fornitur*|livraison"
        "|livr*|lieferung*|entrega*|поставк*|tedarik*|ihracat*|export*|acquisition*|acquisizion*|purchase*"
        "|arms deal|joint venture:2|armement|technology transfer:1.5|bestellt|commandees|ordered"
    ),
    "multilateral": (
        "north atlantic|alleanza atlantica|alliance atlantique|european union|unione europea|union europeenne"
        "|europaische union|union europea|avropa ittifaqi|avrupa birligi|евросоюз*|европейск* союз*"
        "|united nations|nazioni unite|nations unies|vereinte nationen|naciones unidas|birlesmis milletler"
        "|организаци* объединенных наций|partnership for peace:2|sulh namine terefdasliq:2"
        "|partenariato per la pace:2|the alliance|l alliance|enhanced forward presence|multinational"
        "|multinazional*|multinacional*|coalition"
    ),
    "sports": (
        "calcio|football|soccer|rugby|partita|amichevole|match|gol|goals|goles|selection|seleccion|eurocopa"
        "|torneo|tournament|tournoi|championship|campionato|campeonato|futbol*|millisi|yigma*|olympic*"
        "|olimpiad*|спорт*|матч*|сборн*|squadra|classement|classifica|octavos|cuartos|bas mesqci|stadio"
        "|stadium|stade|estadio|xv de france|federazion*:0.5"
    ),
    "economy": (
        "gas|energy|energia|energie|enerji|энерг*|pipeline*|gasdotto|gazoduc|газопровод*|trade|commercio"
        "|commerce|comercio|ticaret*|торгов*|tax|taxes|vergi*|invest*|currency swap|swap|central bank"
        "|reserve bank|agricultur*|agricol*|riego|pesca|fisheries|rohstoff*|wasserstoff|газ*|tranzit*"
        "|transit|dasima*|railway|demir yolu|ferrovia|tourism|turismo|financial|finanziari*|mali"
    ),
    "conflict": (
        "fired on|shelling|accus*|denied|disinformation|air strike*|airstrike*|missile strike*|удар*|обстрел*"
        "|attack*|veto*"
        "|sanction*|killed|casualties|invasion|aggression|provocation*|провокаци*|bombardament*"
    ),
    "police": (
        "police|polizia|polizi*|ministri dell interno|ministry of interior|interior ministry|stupefacenti"
        "|drug trafficking|criminalita|criminal*|полиц*|polis"
    ),
}

CASED: dict[str, str] = {
    # Organisations themselves are found by `organisations` (data/organisations.toml); a passing mention of
    # NATO or the EU is not a multilateral event, so only framework names count here.
    "multilateral": "PfP:2|CSDP|PSDC|GSVP|EUFOR|KFOR|EUNAVFOR|eFP",
    "agreement": "MoU:2|LoI",
    "context": "MSB|MoD|ВВС|ВМФ|ПВО|TSK|IDF|SAMP",
}
