"""The main event in every supported language: one short report per kind and language, written for this test
(visits with talks, contracts called agreements, courses, exercises, plans, ministers' meetings, signings
during visits, joint commissions, receptions, trilateral formats, joint development), after the labelling guide."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

REPORTS = [
    ('en', 'GB', 'Defence Secretary visits Poland',
     'The Defence Secretary travelled to Warsaw for an official visit and held talks '
     'with his Polish counterpart on air defence cooperation.', 'visit'),
    ('en', 'GB', 'UK signs contract with Norway for Type 26 frigates',
     'The agreement, signed in Oslo, covers the sale of five frigates built by BAE '
     'Systems to the Royal Norwegian Navy.', 'industry'),
    ('en', 'US', 'Kazakh officers complete course at U.S. Army War College',
     'Twelve officers from Kazakhstan graduated from a six-week staff course taught by'
     ' U.S. instructors.', 'training'),
    ('it', 'IT', 'Il Ministro della Difesa in visita ufficiale in Giappone',
     "Il Ministro ha incontrato l'omologo giapponese a Tokyo; colloqui sulla "
     'cooperazione nel settore della difesa.', 'visit'),
    ('it', 'IT', 'Firmato il contratto per la fornitura di elicotteri al Qatar',
     "Leonardo e il Ministero della Difesa del Qatar hanno firmato l'accordo per la "
     'vendita di 16 elicotteri NH90.', 'industry'),
    ('it', 'IT', 'Concluso a Roma il corso per ufficiali libici',
     'Si è concluso il corso di formazione per 20 ufficiali delle forze armate libiche'
     ' tenuto da istruttori italiani.', 'training'),
    ('fr', 'FR', 'La ministre des Armées en visite en Inde',
     "La ministre s'est rendue à New Delhi où elle s'est entretenue avec son homologue"
     ' indien de la coopération de défense.', 'visit'),
    ('fr', 'FR', "Contrat pour 26 Rafale Marine avec l'Inde",
     "La France et l'Inde ont signé l'accord d'acquisition de 26 Rafale Marine "
     'produits par Dassault Aviation.', 'industry'),
    ('fr', 'FR', 'Formation de militaires ukrainiens en France',
     'Des instructeurs français ont formé 2 000 soldats ukrainiens dans des camps en France.', 'training'),
    ('de', 'DE', 'Verteidigungsminister besucht Litauen',
     'Der Minister reiste nach Vilnius und traf seinen litauischen Amtskollegen zu '
     'Gesprächen über die Brigade.', 'visit'),
    ('de', 'DE', 'Deutschland bestellt Arrow 3 bei Israel',
     'Das BAAINBw hat mit Israel eine Vereinbarung über den Kauf des '
     'Raketenabwehrsystems Arrow 3 unterzeichnet.', 'industry'),
    ('de', 'DE', 'Bundeswehr bildet ukrainische Soldaten aus',
     'Ausbilder der Bundeswehr schulen ukrainische Soldaten am Flugabwehrsystem '
     'Patriot in Deutschland.', 'training'),
    ('es', 'ES', 'La ministra de Defensa visita Mauritania',
     'La ministra viajó a Nuakchot en visita oficial y se reunió con su homólogo mauritano.', 'visit'),
    ('es', 'ES', 'España firma un contrato de venta de patrulleros a Marruecos',
     'Navantia y el Gobierno de Marruecos firmaron el acuerdo para el suministro de un'
     ' patrullero de altura.', 'industry'),
    ('es', 'ES', 'Instructores españoles forman a militares iraquíes',
     'Un equipo de adiestramiento español imparte un curso de desactivación de '
     'explosivos a 30 militares iraquíes.', 'training'),
    ('ru', 'RU', 'Министр обороны России прибыл с визитом в Китай',
     'Министр обороны России прибыл с официальным визитом в Пекин и провел переговоры '
     'с китайским коллегой.', 'visit'),
    ('ru', 'RU', 'Рособоронэкспорт подписал контракт с Алжиром',
     'Соглашение о поставке истребителей Су-35 Алжиру подписано в рамках выставки.', 'industry'),
    ('ru', 'RU', 'Курсанты из Вьетнама завершили обучение в России',
     'В военной академии завершилось обучение 40 курсантов из Вьетнама по программе '
     'подготовки офицеров.', 'training'),
    ('tr', 'TR', "Milli Savunma Bakanı Azerbaycan'a resmi ziyarette bulundu",
     "Bakan Güler, Bakü'de Azerbaycanlı mevkidaşı ile görüştü ve askeri işbirliği "
     'konularını ele aldı.', 'visit'),
    ('tr', 'TR', 'Endonezya ile 48 KAAN uçağı için sözleşme imzalandı',
     'TUSAŞ ile Endonezya Savunma Bakanlığı arasında KAAN savaş uçaklarının ihracatına'
     ' ilişkin anlaşma imzalandı.', 'industry'),
    ('tr', 'TR', "Gürcü subaylar Türkiye'de eğitimlerini tamamladı",
     'Gürcistan Silahlı Kuvvetlerine mensup 25 subay, Türk eğitmenler tarafından '
     'verilen kursu tamamladı.', 'training'),
    ('az', 'AZ', 'Müdafiə naziri Türkiyəyə rəsmi səfərə gedib',
     'Müdafiə naziri Ankarada türkiyəli həmkarı ilə görüşüb, hərbi əməkdaşlıq '
     'məsələlərini müzakirə edib.', 'visit'),
    ('az', 'AZ', 'Azərbaycan İsraildən pilotsuz uçuş aparatları alır',
     'Müdafiə Nazirliyi İsrail şirkəti ilə pilotsuz uçuş aparatlarının tədarükünə dair'
     ' müqavilə imzalayıb.', 'industry'),
    ('az', 'AZ', 'Azərbaycan hərbçiləri Türkiyədə kursu başa vurub',
     'Azərbaycan Ordusunun zabitləri Türkiyədə keçirilən ixtisasartırma kursunu uğurla'
     ' başa vurublar.', 'training'),
    ('en', 'US', 'U.S., Japanese forces begin Resolute Dragon exercise',
     'Marines and Japan Ground Self-Defense Force troops began the annual bilateral '
     'exercise on Okinawa.', 'exercise'),
    ('en', None, 'Defence ministers of NATO meet in Brussels',
     'NATO defence ministers met at the Alliance headquarters to discuss capability '
     'targets and support to Ukraine.', 'multilateral'),
    ('en', 'AU', 'Australia and Indonesia sign defence cooperation agreement',
     'The defence ministers of Australia and Indonesia signed a Defence Cooperation '
     'Agreement in Canberra.', 'agreement'),
    ('en', 'IN', 'India, Egypt hold joint working group meeting on defence cooperation',
     'The 8th Joint Defence Committee meeting reviewed the plan of cooperation and '
     'signed the cooperation plan for 2027.', 'staff_talks'),
    ('it', 'IT', 'Esercitazione congiunta italo-francese nel Tirreno',
     'Unità della Marina Militare e della Marine nationale hanno condotto '
     "un'esercitazione congiunta.", 'exercise'),
    ('it', 'IT', "Il Ministro alla riunione dei ministri della Difesa dell'UE",
     "Il Ministro ha partecipato alla riunione dei ministri della Difesa dell'Unione "
     'europea a Bruxelles.', 'multilateral'),
    ('it', 'IT', "Firmato il memorandum d'intesa tra Italia e Albania nel settore della difesa",
     'I ministri della Difesa di Italia e Albania hanno firmato a Roma un memorandum '
     "d'intesa sulla cooperazione militare.", 'agreement'),
    ('fr', 'FR', 'Exercice franco-britannique Griffin Strike',
     "Les armées françaises et britanniques mènent l'exercice interarmées Griffin "
     'Strike en Bretagne.', 'exercise'),
    ('fr', 'FR', "Signature d'un accord de défense entre la France et l'Ouzbékistan",
     'Les ministres de la défense ont signé un accord de coopération militaire à Tachkent.', 'agreement'),
    ('de', 'DE', 'Deutsche und polnische Soldaten üben gemeinsam',
     'Panzergrenadiere der Bundeswehr und der polnischen Armee üben bei der Übung Saber Strike.', 'exercise'),
    ('de', 'DE', 'Deutschland und Indien unterzeichnen Verteidigungsabkommen',
     'Die Verteidigungsminister beider Länder unterzeichneten in Neu-Delhi ein '
     'Abkommen über Zusammenarbeit.', 'agreement'),
    ('es', 'ES', 'La Armada y la Marina portuguesa realizan un ejercicio conjunto',
     'Buques españoles y portugueses participan en el ejercicio conjunto frente a las '
     'costas de Galicia.', 'exercise'),
    ('ru', 'RU', 'Россия и Китай начали совместные военно-морские учения',
     'Корабли ВМФ России и ВМС НОАК начали совместные учения в Японском море.', 'exercise'),
    ('ru', 'RU', 'Россия и Лаос подписали соглашение о военном сотрудничестве',
     'Министры обороны двух стран подписали межправительственное соглашение о военном '
     'сотрудничестве.', 'agreement'),
    ('tr', 'TR', 'Türkiye ve Pakistan ortak tatbikatı başladı',
     "Türk ve Pakistan deniz kuvvetlerinin katılımıyla ortak tatbikat Karaçi'de başladı.", 'exercise'),
    ('tr', 'TR', 'Bakan Güler NATO Savunma Bakanları Toplantısına katıldı',
     "Bakan Güler, Brüksel'de düzenlenen NATO Savunma Bakanları Toplantısında konuştu.", 'multilateral'),
    ('az', 'AZ', 'Azərbaycan və Türkiyə birgə taktiki təlim keçirir',
     'Azərbaycan və Türkiyə ordularının birgə taktiki təlimləri Naxçıvanda başlayıb.', 'exercise'),
    ('az', 'AZ', 'Azərbaycan ilə Özbəkistan arasında hərbi əməkdaşlıq planı imzalanıb',
     'Daşkənddə işçi görüşdə 2027-ci il üçün ikitərəfli hərbi əməkdaşlıq planı imzalanıb.', 'staff_talks'),
    ('uk', 'UA', 'Україна та Данія підписали угоду про виробництво зброї',
     'Міністерство оборони України та Данії підписали угоду про спільне виробництво боєприпасів.', 'industry'),
    ('uk', 'UA', 'Міністр оборони України відвідав Швецію',
     'Міністр оборони України прибув з візитом до Стокгольма та провів переговори зі '
     'шведським колегою.', 'visit'),
    ('ar', 'AE', 'اختتام تمرين مشترك بين القوات الإماراتية والفرنسية',
     'اختتمت القوات المسلحة الإماراتية والقوات الفرنسية تمرينا عسكريا مشتركا في أبوظبي.', 'exercise'),
    ('ar', 'SA', 'وزير الدفاع السعودي يستقبل نظيره الباكستاني',
     'استقبل وزير الدفاع في الرياض وزير الدفاع الباكستاني وبحثا التعاون العسكري بين البلدين.', 'visit'),
    ('en', 'GB', "UK and Japan sign defence agreement during Prime Minister's visit",
     'The UK and Japan signed a Reciprocal Access Agreement in Tokyo during the visit '
     'of the Defence Secretary.', 'agreement'),
    ('en', 'GB', 'Defence Secretary visits Japan, signs agreement',
     'The Defence Secretary arrived in Tokyo on an official visit; during the visit a '
     'memorandum on logistics was signed.', 'visit'),
    ('en', 'IN', 'India and Vietnam hold 14th Joint Military Commission',
     'The Joint Military Commission reviewed exercises and training and agreed the annual plan.', 'staff_talks'),
    ('en', 'US', 'Italian Navy and U.S. Navy conduct PASSEX in the Mediterranean',
     'The Italian frigate and the U.S. destroyer conducted a passing exercise with '
     'combined manoeuvres.', 'exercise'),
    ('en', 'GB', 'Trilateral meeting of UK, Poland and Baltic defence ministers',
     'Defence ministers of the UK, Poland, Estonia, Latvia and Lithuania met in '
     'Vilnius in a trilateral format.', 'multilateral'),
    ('en', 'US', 'Moroccan cadets graduate from U.S. Air Force Academy exchange',
     'Four cadets from Morocco graduated after a semester exchange programme at the '
     'U.S. Air Force Academy.', 'training'),
    ('en', 'FR', "Safran and India's HAL set up joint venture for helicopter engines",
     'Safran and Hindustan Aeronautics signed an industrial partnership to co-develop '
     'and produce helicopter engines.', 'industry'),
    ('it', 'IT', "Il Ministro della Difesa riceve l'omologo tunisino",
     'Il Ministro della Difesa ha ricevuto a Palazzo Baracchini il Ministro della '
     'Difesa tunisino; colloqui sulla cooperazione.', 'visit'),
    ('it', 'IT', 'Firmato il programma annuale di cooperazione tra Italia e Tunisia',
     'I ministri della Difesa hanno firmato a Tunisi il programma di cooperazione '
     'bilaterale per il 2027.', 'agreement'),
    ('it', 'IT', "Concluso il corso per cadetti dell'Accademia navale del Qatar",
     "Venti cadetti qatarini hanno concluso il corso presso l'Accademia navale di Livorno.", 'training'),
    ('fr', 'FR', 'Réunion de la commission militaire mixte franco-marocaine',
     'La commission militaire mixte a arrêté le plan de coopération bilatérale pour 2027.', 'staff_talks'),
    ('fr', 'FR', 'Le ministre reçoit son homologue grec',
     "Le ministre des Armées a reçu son homologue grec à l'hôtel de Brienne pour un "
     'entretien bilatéral.', 'visit'),
    ('fr', 'FR', 'Opération Aspides : une frégate française rejoint la mission européenne',
     "La frégate participe à la mission de l'Union européenne en mer Rouge avec des "
     'navires italiens et grecs.', 'multilateral'),
    ('de', 'DE', 'Deutschland und Frankreich vereinbaren gemeinsame Entwicklung eines Kampfpanzers',
     'Die Verteidigungsminister unterzeichneten eine Vereinbarung zur gemeinsamen '
     'Entwicklung und Produktion.', 'industry'),
    ('de', 'DE', 'Verteidigungsminister empfängt ukrainischen Amtskollegen in Berlin',
     'Der Minister empfing seinen ukrainischen Amtskollegen zu Gesprächen über weitere'
     ' Unterstützung.', 'visit'),
    ('es', 'ES', 'España y Portugal celebran la reunión de estado mayor bilateral',
     'Las delegaciones de los estados mayores de la defensa celebraron conversaciones '
     'de estado mayor y firmaron el plan de cooperación.', 'staff_talks'),
    ('es', 'ES', 'Firmado el acuerdo de apoyo de nación anfitriona con Estados Unidos',
     'La ministra de Defensa y el embajador de Estados Unidos firmaron el acuerdo de '
     'cooperación en defensa.', 'agreement'),
    ('ru', 'RU', 'Министр обороны принял делегацию Индонезии',
     'Министр обороны Российской Федерации принял в Москве делегацию Министерства '
     'обороны Индонезии.', 'visit'),
    ('ru', 'RU', 'Совет министров обороны СНГ провел заседание в Минске',
     'Министры обороны государств СНГ обсудили военное сотрудничество на заседании совета.', 'multilateral'),
    ('tr', 'TR', 'Türkiye-Azerbaycan Yüksek Düzeyli Askeri Diyalog Toplantısı yapıldı',
     'Toplantıda 2027 yılı askeri işbirliği planı imzalandı.', 'staff_talks'),
    ('tr', 'TR', 'Bakan Güler, Katarlı mevkidaşını kabul etti',
     "Milli Savunma Bakanı Yaşar Güler, Katar Savunma Bakanını Ankara'da kabul etti ve görüştü.", 'visit'),
    ('az', 'AZ', 'Azərbaycan və Gürcüstan müdafiə nazirləri memorandum imzalayıb',
     'Müdafiə nazirləri hərbi əməkdaşlıq sahəsində anlaşma memorandumu imzalayıblar.', 'agreement'),
    ('az', 'AZ', 'Türkiyə, Azərbaycan və Gürcüstan müdafiə nazirlərinin üçtərəfli görüşü keçirilib',
     'Üçtərəfli formatda görüşdə regional təhlükəsizlik məsələləri müzakirə olunub.', 'multilateral'),
    ('ru', 'RU', 'Российские и египетские военные провели совместные учения',
     'Подразделения ВДВ России и армии Египта провели совместные тактические учения '
     '«Защитники дружбы».', 'exercise'),
    ('ru', 'RU', 'Министр обороны посетил Вьетнам',
     'Министр обороны России находится с официальным визитом в Ханое, где провел '
     'переговоры с вьетнамским коллегой.', 'visit'),
    ('ru', 'BY', 'Белорусские курсанты проходят обучение в России',
     'Курсанты военной академии Беларуси проходят подготовку в военных вузах России по'
     ' программе обмена.', 'training'),
    ('ru', 'KZ', 'Казахстан и Узбекистан подписали план военного сотрудничества',
     'По итогам переговоров министерств обороны подписан план двустороннего военного '
     'сотрудничества на 2027 год.', 'staff_talks'),
    ('uk', 'UA', 'Україна та Литва підписали меморандум про співпрацю у сфері оборони',
     'Міністри оборони України та Литви підписали меморандум про взаєморозуміння щодо '
     'оборонної співпраці.', 'agreement'),
    ('uk', 'UA', 'Українські військові пройшли навчання у Великій Британії',
     'Українські військовослужбовці завершили курс базової підготовки за програмою '
     'Interflex у Великій Британії.', 'training'),
    ('uk', 'UA', 'ЗСУ та Польща провели спільні навчання',
     'Підрозділи Збройних сил України та польської армії провели спільні навчання на полігоні.', 'exercise'),
    ('ar', 'QA', 'قطر وتركيا توقعان اتفاقية تعاون عسكري',
     'وقع وزير الدفاع القطري ونظيره التركي اتفاقية للتعاون العسكري في الدوحة.', 'agreement'),
    ('ar', 'JO', 'تخريج دورة عسكرية لضباط من العراق',
     'اختتمت في الأردن دورة تدريبية لضباط من الجيش العراقي بإشراف مدربين أردنيين.', 'training'),
    ('ar', 'EG', 'وزير الدفاع المصري يلتقي نظيره الإيطالي',
     'التقى وزير الدفاع المصري في القاهرة وزير الدفاع الإيطالي خلال زيارته الرسمية وبحثا التعاون.', 'visit'),
    ('tr', 'TR', 'Türkiye ile Irak arasında askeri eğitim işbirliği anlaşması imzalandı',
     "Milli Savunma Bakanı ve Iraklı mevkidaşı Ankara'da askeri eğitim işbirliği "
     'anlaşmasını imzaladı.', 'agreement'),
    ('tr', 'TR', "Arnavut subaylar Türkiye'de eğitim aldı",
     'Arnavutluk Silahlı Kuvvetlerine mensup subaylar Harp Akademilerinde eğitimlerini tamamladı.', 'training'),
    ('az', 'AZ', 'Azərbaycan və Pakistan hərbi hava qüvvələri birgə təlim keçirir',
     'Azərbaycan və Pakistan Hərbi Hava Qüvvələrinin birgə uçuş-taktiki təlimləri başlayıb.', 'exercise'),
    ('az', 'AZ', 'Müdafiə naziri İtaliyaya rəsmi səfərdədir',
     'Müdafiə naziri Romada italiyalı həmkarı ilə görüşüb, hərbi əməkdaşlıq '
     'məsələlərini müzakirə edib.', 'visit'),
    ('az', 'AZ', 'Azərbaycan İtaliyadan C-27J təyyarələri alır',
     'Müdafiə Nazirliyi ilə Leonardo şirkəti arasında hərbi nəqliyyat təyyarələrinin '
     'alınmasına dair müqavilə imzalanıb.', 'industry'),
    ('de', 'DE', 'Deutsche Marine besucht Japan',
     'Die Fregatte Baden-Württemberg ist zu einem Hafenbesuch in Tokio eingetroffen '
     'und übt anschließend mit der japanischen Marine.', 'visit'),
    ('de', 'DE', 'Bundeswehr schult nigrische Soldaten',
     'Ausbilder des Kommando Spezialkräfte haben einen Lehrgang für Soldaten aus Niger'
     ' abgeschlossen.', 'training'),
    ('fr', 'FR', 'Passage de la frégate Provence à Manille',
     'La frégate a effectué une escale à Manille puis un exercice de passage avec la '
     'marine philippine.', 'visit'),
    ('es', 'ES', 'España y Marruecos celebran la reunión de estado mayor',
     'Las delegaciones de los estados mayores de ambos países celebraron '
     'conversaciones de estado mayor en Rabat.', 'staff_talks'),
    ('it', 'IT', "Riunione bilaterale di Staff Talks con l'Egitto",
     'Si è svolta a Roma la riunione degli Staff Talks tra gli Stati Maggiori della '
     'Difesa di Italia ed Egitto.', 'staff_talks'),
    ('en', 'US', 'U.S. approves possible sale of F-35s to Romania',
     'The State Department approved a possible Foreign Military Sale to Romania of 32 '
     'F-35 aircraft.', 'industry'),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "kind"), REPORTS,
                         ids=[f"{r[0]}-{r[4]}-{n}" for n, r in enumerate(REPORTS)])
def test_main_event(lang, publisher, title, text, kind):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == kind, (record.primary_kind, record.cooperation)
    assert record.cooperation[0] == kind and record.cooperation_score >= 0.5
