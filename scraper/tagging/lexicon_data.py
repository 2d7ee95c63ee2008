"""Hand-curated country lexicon that complements the CLDR territory names from Babel.

Entry syntax (one string per country, entries separated by "|"):
  Name       a name; must be capitalised in the text; inflected forms are matched as stems
  ~form      an adjective or demonym, any case; "~stem*" also matches up to 6 more letters
  =FORM      an abbreviation matched with exactly this case ("=U S" matches "U.S.")
  -form      a compound prefix, only before a hyphen ("italo-spagnolo")
Forms are folded (case, diacritics, Turkish i, Azerbaijani schwa) before use.
Russian adjectives and demonyms are listed as stems because of case endings.
"""

CURATED: dict[str, str] = {
    "AZ": "Azerbaidzhan|~azero|~azera|~azeri|~azere|~azeris|~azerí|~azerbaijani*|~azerbaycanlı*"
          "|~азербайджанск*|~азербайджанц*|-azero|-azera|-азербайджано",
    "IT": "~italian*|~итальянск*|~итальянц*|-italo|~italyan*|~italiyalı*|~італійськ*|~الإيطالي*",
    "TR": "Turkey|~turkish|~türk|~türkler*|~türkische*|~türkisch*|~turco|~turca|~turchi|~turche|~turcos"
          "|~turcas|~turc|~turcs|~turque|~turques|~турецк*|~турок|~турки|=TSK|-turco|-turc|-турецко|~турецьк*",
    "US": "Pentagon|Соединенных Штатов|Соединенным Штатам|Соединенными Штатами|Соединённых Штатов"
          "|=US|=USA|=U S|=U S A|=ABD|=ABŞ|=США|=EE UU|=EEUU|~american*|~americain*|~amerikanisch*"
          "|~американск*|~американц*|~amerikan|~amerikalı*|~statunitens*|~estadounidens*|-americano|-американо"
          "|~американськ*|~الأمريكي*|~الأميركي*|~الأمريكية|~الأميركية|=США",
    "GB": "Britain|Great Britain|Gran Bretagna|Grande-Bretagne|Großbritannien|Gran Bretaña|Büyük Britanya"
          "|Böyük Britaniya|Britaniya|Britanya|İngiltere|İngiltərə|Vereinigten Königreich|=UK|=U K"
          "|Великої Британії|Великій Британії|Велику Британію|Великобритании|Великобританія"
          "|~british|~britannic*|~britanniqu*|~britisch*|~británic*|~британск*|~британц*|~ingiliz*|~ingilis*|-anglo"
          "|~британськ*|~البريطاني*",
    "JP": "~japanese|~yapon|~japon|~japonais*|~giappones*|~japonés*|~японск*|~японц*|-nippo|~японськ*",
    "CN": "=КНР|=PRC|=PLA|=НОАК"
          "|~chinese|~cinese|~cinesi|~chinois*|~chinesisch*|~chino|~chinos|~китайск*|~китайц*|~çinli*|-sino",
    "IN": "~indian|~indians|~indiano|~indiani|~indiane|~indienne*|~indisch*|~hindu|~индийск*|~индийц*"
          "|~hindistanlı*|~الهندي*",
    "PK": "~пакистанск*|~пакистанц*|~الباكستاني*",
    "KZ": "~kazakh*|~kazako|~kazaka|~kazaki|~kazake|~kasachisch*|~kazajo*|~kazaja*|~kazak|~qazax"
          "|~казахстанск*|~казахск*|~казах|~казахи|~казахстанц*",
    "UZ": "~uzbek*|~ouzbek*|~usbekisch*|~узбекск*|~узбек|~узбеки|~özbək",
    "GE": "~georgian*|~georgiano*|~georgiana*|~géorgien*|~georgisch*|~грузинск*|~gürcü*|-georgiano|-грузино",
    "AM": "~arménien*|~armeno|~armena|~armeni|~armene|~armenisch*|~armenio*|~armenia|~армянск*|~армян*|~ermeni*",
    "UA": "~ukrainian*|~ucrain*|~ucranian*|~ukrainien*|~ukrainisch*|~украинск*|~украинц*|~ukraynalı*|~українськ*"
          "|~الأوكراني*",
    "RU": "Kremlin|~russian*|~russo|~russa|~russi|~russe|~russes|~russisch*|~ruso|~rusa|~rusos|~rusas"
          "|~российск*|~русск*|~rus|~кремл*|=РФ|-russo|-российско|~російськ*|~الروسي*",
    "BY": "Белоруссия|~belarusian*|~bielorus*|~belarussisch*|~белорус*|~білоруськ*|~بيلاروسي*",
    "IL": "Tsahal|=IDF|=ЦАХАЛ|~israeli*|~israélien*|~israelisch*|~израильск*|~израильтян*",
    "JO": "~jordanian*|~jordanien*|~jordanisch*|~иорданск*",
    "TD": "~chadian*|~tchadien*|~ciadian*|~tschadisch*|~чадск*",
    "NE": "~nigerien*|~nigérien*|~nigerino*",
    "GQ": "~equatorial guinean*|~equatoguinean*|~ecuatoguinean*",
    "DO": "~dominicano|~dominicana|~dominicanos|~dominicanas|~dominican|~dominicain*",
    "MR": "~mauritan*",
    "CD": "Democratic Republic of the Congo|Democratic Republic of Congo|République démocratique du Congo"
          "|Demokratische Republik Kongo|Repubblica Democratica del Congo|Демократическая Республика Конго"
          "|Демократической Республики Конго|Kongo Demokratik Cumhuriyeti|Konqo Demokratik Respublikası"
          "|Демократична Республіка Конго|Демократичної Республіки Конго|جمهورية الكونغو الديمقراطية"
          "|=RDC|=DRC|=ДРК",
    "CG": "Republic of the Congo|Republic of Congo|République du Congo|Republik Kongo|Repubblica del Congo"
          "|República del Congo|Республика Конго|Республики Конго|Kongo Cumhuriyeti|Konqo Respublikası"
          "|Республіка Конго|Республіки Конго|جمهورية الكونغو",
    "MA": "~marocchin*|~moroccan*|~marocain*|~marroquí*|~marokkanisch*|~марокканск*",
    "EG": "~egyptian*|~egizian*|~égyptien*|~ägyptisch*|~egipci*|~египетск*|~египт*|~mısırlı*",
    "GR": "~greek*|~hellenic|~ellenic*|~hellénique*|~greco|~greca|~greci|~greche|~grec|~grecs|~grecque*"
          "|~griechisch*|~griego*|~griega*|~yunan|~греческ*|~грек|~греки",
    "FR": "~french|~francese|~francesi|~français*|~französisch*|~francés|~francesa|~franceses|~francesas"
          "|~fransız*|~французск*|~француз*|-franco|~французьк*|~الفرنسي*",
    "DE": "Bundeswehr|~бундесвер*|=ФРГ|=ФРН|=BRD"
          "|~german|~germans|~tedesc*|~allemand*|~deutsch*|~alemán|~alemana|~alemanes|~alemanas"
          "|~alman|~немецк*|~германск*|~немц*|~немец|-tedesco|-germano|~німецьк*|~الألماني*",
    "ES": "~spanish|~spagnol*|~espagnol*|~spanisch*|~español*|~ispanyol*|~испанск*|~испанц*|-ispano",
    "PL": "~polish|~polacc*|~polonais*|~polnisch*|~polaco*|~polaca*|~polonyalı*|~польск*|~поляк*|~polşa|~польськ*",
    "NL": "Holland|Olanda|Holanda|~dutch|~olandes*|~néerlandais*|~niederländisch*|~neerlandes*|~holandes*"
          "|~hollandalı*|~нидерландск*|~голландск*|~нідерландськ*|~голландськ*",
    "BE": "~belgian*|~belga|~belgi|~belghe|~belge|~belges|~belgisch*|~belgas|~бельгийск*",
    "LU": "~lussemburghes*|~luxemburgisch*|~luxembourgeois*",
    "LT": "~lituan*|~litauisch*|~литовск*|~литовськ*",
    "EE": "~estonio*|~estone|~estoni|~estnisch*|~эстонск*|~естонськ*",
    "LV": "~letón|~letona*|~letones|~latvian*|~letton*|~lettisch*|~латвийск*|~латвійськ*",
    "RO": "~rumen*|~romeno|~romena|~romeni|~romene|~roumain*|~rumänisch*|~rumano*|~румынск*|~румунськ*|~romen|~rumın*",
    "DK": "~danish|~danese|~danesi|~danois*|~dänisch*|~danés|~danesa|~датск*|~данськ*",
    "NO": "~noruega|~noruegas|~norwegian*|~norveges*|~norvégien*|~norwegisch*|~noruego*|~норвежск*|~норвезьк*",
    "SE": "~swedish|~swedes|~svedes*|~suédois*|~schwedisch*|~sueco*|~sueca*|~шведск*|~шведськ*",
    "FI": "~фінськ*|~finnish|~finlandes*|~finlandais*|~finnisch*|~финск*",
    "SK": "~slovak*|~slovaqu*|~slovacc*|~slowakisch*|~eslovac*|~словацк*|~словацьк*",
    "CZ": "~ceco|~ceca|~cechi|~ceche|Czech Republic|Repubblica Ceca|République tchèque|Tschechische Republik"
          "|República Checa|Çek Cumhuriyeti"
          "|Чешская Республика|Чешской Республики|Чеська Республіка|Чеської Республіки"
          "|~czech*|~tchèque*|~tschechisch*|~checo*|~checa*|~чешск*|~чеськ*",
    "HU": "~ungheres*|~hongrois*|~ungarisch*|~húngar*|~венгерск*",
    "BG": "~bulgar*|~болгарск*",
    "HR": "~croat*|~kroatisch*|~хорватск*",
    "SI": "~esloven*|~sloven*|~slowenisch*|~словенск*",
    "PT": "~portugues*|~portoghes*|~portugais*|~portugiesisch*|~португальск*",
    "AL": "~albanes*|~albanais*|~albanisch*|~албанск*",
    "ME": "~montenegrin*|~черногорск*",
    "CA": "~canadian*|~canadien*|~canadiense*|~canades*|~kanadisch*|~канадск*|~канадськ*",
    "AU": "~australisch*|~австралийск*",
    "AT": "~austrian*|~austriac*|~autrichien*|~österreichisch*|~австрийск*|Bundesheer|Bundesheeres",
    "CF": "=ЦАР|Centrafrique|~centrafricain*",
    "CY": "~zyprisch*|~cypriot*|~cipriot*|~chypriot*|~zypriotisch*|~chipriot*|~кипрск*",
    "MT": "~maltese|~maltais*|~maltesisch*|~мальтийск*",
    "IE": "~irish|~irlandes*|~irlandais*|~irisch*|~ирландск*",
    "MD": "Молдавия|~moldovan*|~moldav*|~moldauisch*|~молдавск*",
    "KR": "~sud-coréen*|~surcorean*|Republic of Korea|Южная Корея|Южной Кореи|Южную Корею|~south korean*|~sudcorean*"
          "|~südkoreanisch*"
          "|~южнокорейск*|=ROK|~південнокорейськ*",
    "KP": "~north korean*|~nordcorean*|~nordkoreanisch*|~северокорейск*|=DPRK|=КНДР",
    "IR": "~iraní|~iraníes|~iranian*|~iranien*|~iranisch*|~иранск*|~иран*",
    "IQ": "~iraqi*|~iracheno*|~irakien*|~irakisch*|~iraquí*|~иракск*|~ирак*",
    "SY": "~syrian*|~siriano*|~syrien*|~syrisch*|~sirio*|~сирийск*",
    "SA": "~suudi|~saudi*|~saudit*|~saoudien*|~saudisch*|~саудовск*|~السعودي*",
    "AE": "~émirien*|~эмиратск*|الإمارات|دولة الإمارات|Эмираты|=UAE|=EAU|=VAE|=ОАЭ|=BƏƏ|~emirati*|~الإماراتي*",
    "QA": "~catarí*|~katarlı*|~qatari*|~qatariot*|~katarisch*|~катарск*",
    "BA": "Bosnia and Herzegovina|Bosnia-Herzegovina|Bosnien-Herzegowina|Bosnia|Боснии и Герцеговины"
          "|Боснию и Герцеговину|Боснией и Герцеговиной|Боснии|Боснії і Герцеговини|Боснію і Герцеговину|Боснія"
          "|~bosnian*|~bosniaque*|~bosnisch*|~bosnio|~bosnia|~bosnios|~bosnias|~bosniac*|~боснийск*|~боснійськ*"
          "|~bosnalı*|~البوسني*|~والبوسني*",
    "CI": "Ivory Coast|Costa de Marfil|Elfenbeinküste|Fildişi Sahili|Кот-д'Ивуар|~ivorian*|~ivoirien*|~ivoriano*"
          "|~marfileñ*|~ivorisch*|~ивуарийск*",
    "TL": "East Timor|Timor Leste|Timor Oriental|Osttimor|Doğu Timor",
    "TT": "Trinidad and Tobago",
    "SZ": "Swaziland",
    # CLDR writes Oman with a damma ("عُمان") that texts leave out, and bare "عمان" is also Amman (Jordan): the
    # Sultanate's full name and the demonym, which Amman does not share, are safe.
    "OM": "سلطنة عمان|~العماني*|~والعماني*|~عماني*|~omani*|~omanais*|~omanisch*|~оманск*",
    "MZ": "~mozambican*|~mozambicano*|~mozambicain*|~mosambikanisch*|~mozambiqueñ*|~мозамбикск*|~мозамбіцьк*",
    "LB": "~lebanese|~libanes*|~libanais*|~libanesisch*|~ливанск*",
    "LY": "~libyan*|~libic*|~libyen*|~libysch*|~libio*|~ливийск*",
    "TN": "~tunisin*|~tunesisch*|~tunecin*|~тунисск*",
    "DZ": "~algerin*|~algerisch*|~argelin*|~алжирск*",
    "ML": "~malian*|~maliano*|~malien*|~malisch*|~малийск*",
    "ID": "~indonesio|~indonesios|~indonesisch*|~индонезийск*",
    "PH": "~philippine|~filipino*|~filipina*|~filippin*|~philippin*|~filipin*|~филиппинск*",
    "TM": "Туркмения|~turkmen*|~туркменск*",
    "KG": "~kirghiz*|~kirguís|~kirguis*|Кыргызстан|Кыргызская Республика|Kyrgyz Republic|Киргизія|~kyrgyz*|~kirghis*"
          "|~kirgis*|~киргизск*|~кыргызск*",
    "TJ": "~tayik*|~tajik*|~tagik*|~tadjik*|~tadschikisch*|~таджикск*",
    "AF": "~afghan*|~afgan*|~афганск*",
    "CH": "~suisse*|~suiza*|~swiss|~svizzer*|~schweizer*|~suizo*|~швейцарск*",
    "RS": "~serbian*|~serbo|~serba|~serbi|~serbe|~serbes|~serbisch*|~serbio*|~сербск*",
    "BR": "~brazilian*|~brasilian*|~brasileñ*|~brasilien*|~бразильск*",
    "MX": "~mexican*|~messican*|~mexicain*|~mexikanisch*|~мексиканск*",
    "CL": "~chilien*|~cilen*|~chilean*|~chilen*|~чилийск*",
    "PE": "~peruvian*|~peruan*|~péruvien*|~peruanisch*|~перуанск*",
    "EC": "~ecuadorian*|~ecuatorian*|~équatorien*|~ecuadorianisch*|~эквадорск*",
    "UY": "~uruguayan*|~uruguayo*|~uruguaya*|~uruguayen*|~uruguayisch*|~уругвайск*",
    "CO": "~colombian*|~colombien*|~kolumbianisch*|~колумбийск*",
    "AR": "~argentin|~argentins|~argentines|~argentine|~argentines|~argentinian*|~argentino|~argentinos|~argentinas"
          "|~argentinisch*|~аргентинск*",
    "VE": "~venezuelan*|~venezolan*|~vénézuélien*|~venezolanisch*|~венесуэльск*",
    "BO": "~bolivian*|~bolivien*|~bolivianisch*|~боливийск*",
    "PY": "~paraguayan*|~paraguayo*|~paraguaya*|~paraguayen*|~парагвайск*",
    "TH": "~thai|~thaï|~tailandes*|~таиландск*|~тайск*|~таїландськ*",
    "KE": "~kenyan*|~kényan*|~kenian*|~keniot*|~kenianisch*|~кенийск*|~kenyalı*",
    "SG": "~singaporian*|~сингапурск*",
    "NG": "~nigerianisch*|~нигерийск*",
    "GH": "~ghanaian*|~ghanéen*|~ghanes*|~ghanaisch*",
    "SN": "~senegalesisch*|~сенегальск*",
    "BF": "~burkinabe|~burkinabè|~burkinés|~burkines*",
    "KW": "~кувейтск*",
    "BH": "~бахрейнск*",
    "VN": "~vietnamesisch*|~вьетнамск*",
    "MY": "Malesia|~malese|~malesi|~malasio*|~malaysisch*|~малайзийск*",
    "NZ": "~néo-zélandais*|~neozelandes*|~neozelandés|~новозеландск*",
    "SO": "~somali|~somalis|~somalo|~somala|~somale|~somalí*|~somalisch*|~сомалийск*",
    "BJ": "~beninese|~béninois*|~beninés|~benines*",
    "MM": "~birman*",
    "BD": "~bangladais*|~bengales*",
    "MN": "~mongol|~mongols|~mongole*|~mongoli|~mongolo|~mongoles|~mongolisch*|~монгольск*",
    "RW": "~ruandes*|~ruandés",
    "ET": "~etiope|~etiopi|~etíope*|~äthiopisch*|~эфиопск*",
    "SD": "~sudanese|~sudanesi|~sudanés|~sudanes*|~sudanesisch*|~суданск*",
}

# Phrases that contain a country form but do not mean the country; they are consumed silently.
_BLOCKED = (
    "indiana|indian ocean|oceano indiano|ocean indien|oceano indico|indischer ozean|new mexico|new jersey"
    "|jersey city|turkeys|guinea pig|guinea pigs|new guinea|georgia tech|dominique|того|chiles|franciacorta"
    "|indochina|west indies|indios|latin american|latin america|south american|north american"
    "|central american|american samoa|reunion|riunione"
    # Seas and oceans named after a country do not name it (the labelling guide's South China Sea rule).
    "|south china|sea of japan|mar cinese|mar del giappone|mer de chine|mer du japon|indischen ozean"
    "|sudchinesischen meer|sudchinesisches meer|japanischen meer|mar de china|mar de japon|oceano indico"
    "|индийском океане|индийский океан|индийского океана|южно китайском|южно китайское|южно китайского"
    "|японском море|японское море|японского моря|guney cin|cenubi cin|hind okeani|hind okeaninda"
    "|індійському океані|індійський океан|південнокитайському морі|المحيط الهندي|للمحيط الهندي"
    "|بالمحيط الهندي|بحر الصين|ببحر الصين|بحر اليابان"
    "|philippine sea|mar delle filippine|mer des philippines|philippinensee|philippinischen see|philippinischen meer"
    "|mar de filipinas|филиппинском море|филиппинское море|филиппинского моря|filipin denizi|filippin denizi"
    "|філіппінському морі|філіппінське море|بحر الفلبين"
    "|irish sea|mare d irlanda|mer d irlande|irische see|irischen see|mar de irlanda|ирландском море|ирландское море"
    "|norwegian sea|mare di norvegia|mer de norvege|europaisches nordmeer|mar de noruega|норвежском море"
    "|норвежское море|норвежского моря|norvec denizi|норвезькому морі|timor sea|mar di timor|mer de timor"
    "|timorsee|mar de timor|тиморском море"
    # "American" of the Americas in the names of their organisations and conferences names no country.
    "|organization of american states|estados americanos|ejercitos americanos|etats americains|stati americani"
    "|amerikanischer staaten|американских государств|amerikan devletleri|amerika devletleri"
    # The historical Indies (Spanish "Indias", "Cartagena de Indias", "Indias Occidentales"), "West Indies" and "East
    # Indies" name no state.
    "|indias|west indies|east indies|indes occidentales|indes orientales|indie occidentali|indie orientali"
    "|westindien|ostindien"
)
BLOCKED = _BLOCKED.split("|")

# Names that are also common words or person / place names elsewhere; they need context checks.
AMBIGUOUS = frozenset({"georgia", "jordan", "chad", "niger", "china", "chile", "mali", "togo", "guinea",
                       "dominica", "panama", "jersey", "turkey", "misir", "island", "oman", "peru"})

# Names dropped from the all-language lexicon (used when the article's language is unknown).
UNSAFE_ACROSS_LANGUAGES = frozenset({"island", "mali", "dominique", "chile", "cin", "polen", "misir"})

# Ship prefixes: a country name right after one names a ship ("USS Georgia", "HMS Ireland", "ARA Argentina"), and an
# ambiguous name read so is that ship in the rest of the article ("Georgia is one of four Ohio-class submarines").
SHIP_PREFIXES = frozenset({
    "USS", "USNS", "HMS", "HMCS", "HMAS", "HMNZS", "INS", "ARA", "BAP", "BRP", "TCG", "ITS", "FS", "ESPS", "SNS",
    "KRI", "JS", "ROKS", "NRP", "HNLMS", "HDMS", "KNM", "HNoMS", "ORP", "FGS", "HS", "ENS", "RSS", "KD", "PNS",
})

# Capitalised words after an ambiguous name that still point at the country ("Jordan Armed Forces").
COUNTRY_CONTEXT = frozenset({
    "armed", "defence", "defense", "army", "navy", "air", "ministry", "minister", "government", "forces",
    "president", "prime", "foreign", "military", "republic", "kingdom", "s", "and", "nato", "eu",
})

# Words that may stand between two coordinated country names ("Italy and Japan", "tra Italia, Regno Unito e").
CONNECTIVES = frozenset({
    "and", "e", "ed", "et", "und", "y", "ve", "и", "ile", "with", "con", "avec", "mit", "between", "tra", "fra",
    "entre", "zwischen", "между", "the", "la", "le", "l", "les", "il", "lo", "i", "gli", "del", "della", "de",
    "du", "des", "d", "der", "den", "dem", "die", "el", "los", "las", "s", "or", "o", "ou", "oder", "veya",
    "і", "й", "та", "або", "ва", "və", "или",
})
