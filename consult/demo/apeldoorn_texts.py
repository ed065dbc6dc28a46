"""What Apeldoorn's residents and partners wrote about the koersdocument: two campaign letters, reactions
written one by one, and the partners' letters. Written to read like a real municipal inbox, so the grouping
finds the two campaigns and nothing else."""
from __future__ import annotations

from consult.answers.models import Outcome
from consult.organisations.models import OrganisationKind

# The letter a patients' group put on its website after an article in the local paper; people sign it, and
# some add a line of their own.
CAMPAIGN_CHOICE = (
    "{greeting} Ik maak mij grote zorgen over het voorstel om de keuzevrijheid voor inwoners los te laten. "
    "Ik wil zelf kunnen kiezen welke zorgaanbieder mij helpt. Mijn vaste begeleider kent mij, mijn familie en "
    "mijn situatie, en dat vertrouwen is in jaren gegroeid. Als de gemeente alleen nog met een paar grote "
    "aanbieders werkt, raak ik die begeleider misschien kwijt. Ik vraag u daarom de keuzevrijheid voor "
    "inwoners te behouden en het voorstel over strategisch partnerschap niet zo uit te voeren.{extra} "
    "Met vriendelijke groet, {name}"
)
CAMPAIGN_CHOICE_GREETINGS = ("Geacht college,", "Geacht college van burgemeester en wethouders,", "Beste wethouder,")
CAMPAIGN_CHOICE_EXTRAS = (
    "", "", "", "",
    " Mijn zoon krijgt al zes jaar hulp van dezelfde begeleider.",
    " Ik heb autisme en een nieuwe hulpverlener is voor mij heel zwaar.",
    " Mijn moeder is 87 en wil niet opnieuw haar verhaal vertellen.",
    " Ik heb dit eerder meegemaakt en het duurde een jaar voor het weer goed ging.",
    " Denk ook aan de mensen die deze brief niet zelf kunnen schrijven.",
)
CAMPAIGN_CHOICE_TITLE = "Brief: behoud keuzevrijheid"

# Sent on paper by members of the mantelzorgcafés in the last week.
CAMPAIGN_HOME_HELP = (
    "Geachte heer, mevrouw, Als mantelzorger zie ik elke week hoe belangrijk de huishoudelijke hulp is. "
    "Zonder die hulp kan {wie} niet meer thuis wonen en kan ik de zorg niet volhouden. In het koersdocument "
    "staat dat de tekorten in de Wmo snel oplopen. Ik begrijp dat de gemeente keuzes moet maken, maar "
    "bezuinig niet op de huishoudelijke hulp. Die hulp voorkomt duurdere zorg later. Hoogachtend, {name}"
)
CAMPAIGN_HOME_HELP_WHO = ("mijn vader", "mijn moeder", "mijn man", "mijn vrouw", "mijn buurvrouw", "mijn zus")
CAMPAIGN_HOME_HELP_TITLE = "Brief mantelzorgcafés: huishoudelijke hulp behouden"

# The document's three sections, by position, and what each subject is mostly about.
SECTION_OF_SUBJECT = {
    "Inclusie": 0,
    "Financiën": 1,
    "Jeugdhulp": 1,
    "Keuzevrijheid": 2,
    "Strategisch partnerschap": 2,
    "Mantelzorg": None,  # on the whole document
}

# subject, text: each written by one person, in their own words.
REACTIONS = (
    ("Keuzevrijheid", "Ik ben bang dat ik mijn eigen hulpverlener kwijtraak. Ik heb er lang over gedaan om iemand te vinden die mij begrijpt."),
    ("Keuzevrijheid", "Minder aanbieders betekent minder keus. Hoe weet ik straks dat de aanbieder die ik krijg goed is voor mijn dochter?"),
    ("Keuzevrijheid", "Wat gebeurt er met mensen die nu zorg krijgen van een kleine aanbieder die geen partner wordt? Krijgen zij een overgangsperiode?"),
    ("Keuzevrijheid", "Keuzevrijheid klinkt mooi, maar in de praktijk kon ik ook nu al nergens terecht door de wachtlijsten. Ik heb liever snel goede hulp dan veel keus."),
    ("Keuzevrijheid", "Voor mensen met een migratieachtergrond is het belangrijk dat de hulpverlener hun taal en cultuur kent. Die kleine aanbieders dreigen te verdwijnen."),
    ("Keuzevrijheid", "Ik werk zelf in de thuiszorg. Cliënten hechten aan een vast gezicht. Zet dat niet op het spel voor een administratief voordeel."),
    ("Keuzevrijheid", "Het loslaten van keuzevrijheid staat maar in één alinea. Voor zo'n grote verandering verwacht ik een betere uitleg."),
    ("Keuzevrijheid", "Mijn broer woont in een beschermde woonvorm. Hij kan niet goed tegen veranderingen. Ik hoop dat u daar rekening mee houdt."),
    ("Keuzevrijheid", "Mag ik nog een persoonsgebonden budget aanvragen als ik zelf mijn zorg wil regelen? Dat staat er niet in."),
    ("Keuzevrijheid", "Laat inwoners die tevreden zijn over hun huidige zorg gewoon houden wat ze hebben. Verander alleen iets voor nieuwe cliënten."),
    ("Keuzevrijheid", "Ik snap het voorstel wel. Nu zijn er meer dan tweehonderd aanbieders en niemand heeft overzicht. Maar leg uit hoe u de kwaliteit bewaakt."),
    ("Keuzevrijheid", "Als mijn vaste begeleider bij een andere aanbieder gaat werken, kan ik dan met haar mee?"),
    ("Keuzevrijheid", "Wij hebben een kind met een ernstige meervoudige beperking. De zorg is heel specialistisch. Er zijn maar twee aanbieders die dit kunnen en geen van beide zit in Apeldoorn."),
    ("Keuzevrijheid", "De gemeente zegt dat inwoners centraal staan, maar haalt nu juist de keus bij inwoners weg. Dat rijmt niet."),
    ("Keuzevrijheid", "Geef in ieder geval een onafhankelijke cliëntondersteuner aan iedereen die moet wisselen van aanbieder."),
    ("Keuzevrijheid", "Ik ben 78 en heb al drie keer een andere hulp gehad in twee jaar. Nog een wisseling wil ik echt niet."),
    ("Strategisch partnerschap", "Samenwerken met een paar vaste partners kan de zorg rustiger maken. Nu komen er bij ons thuis vier verschillende organisaties over de vloer."),
    ("Strategisch partnerschap", "Maak duidelijke afspraken met de partners over resultaten, en maak die afspraken openbaar. Dan kunnen inwoners meekijken."),
    ("Strategisch partnerschap", "Betrek ook kleine aanbieders bij het partnerschap, bijvoorbeeld als onderaannemer. Zij leveren vaak juist de persoonlijke zorg."),
    ("Strategisch partnerschap", "Hoe lang duren de contracten met de strategische partners? Als dat tien jaar is, zit de gemeente vast aan partijen die misschien niet goed presteren."),
    ("Strategisch partnerschap", "Ik mis wat de rol van de huisarts en de wijkverpleging is in dit partnerschap. Zij zien de mensen vaak als eersten."),
    ("Strategisch partnerschap", "Als zzp'er in de jeugdzorg ben ik bang dat ik geen werk meer krijg. Ik heb geen tijd en geld om aan grote aanbestedingen mee te doen."),
    ("Strategisch partnerschap", "Goed plan. In Twente werkt de gemeente al zo en daar zijn de wachttijden korter geworden. Leer van hun ervaringen."),
    ("Strategisch partnerschap", "Wie controleert de strategische partners? Zet een cliëntenraad in die echt iets te zeggen heeft."),
    ("Strategisch partnerschap", "Het document zegt niets over wat er gebeurt als een partner failliet gaat. Dat is bij jeugdzorg al eens gebeurd."),
    ("Strategisch partnerschap", "Zorg dat de partners ook samenwerken met het wijkteam en de scholen. Anders komt er alleen een extra laag bij."),
    ("Strategisch partnerschap", "Ik werk bij een woningcorporatie. Wij willen graag aan tafel zitten bij het partnerschap, omdat wonen en zorg steeds meer samen gaan."),
    ("Strategisch partnerschap", "Ik lees vooral bestuurstaal. Wat merk ik als inwoner concreet van dit partnerschap?"),
    ("Financiën", "De tekorten in jeugdhulp en Wmo mogen niet ten koste gaan van kwetsbare inwoners. Zoek het geld eerst bij de overhead van de aanbieders."),
    ("Financiën", "Investeer eerst in preventie. Een buurtcoach die op tijd langskomt, bespaart later dure zorg."),
    ("Financiën", "De gemeente krijgt te weinig geld van het Rijk. Dat moet u veel harder zeggen richting Den Haag, in plaats van het probleem bij de inwoners te leggen."),
    ("Financiën", "Ik begrijp dat er bezuinigd moet worden. Maak dan wel duidelijk welke voorzieningen blijven en welke verdwijnen."),
    ("Financiën", "Het budget voor de Wmo is in vier jaar met een derde gestegen. Ik wil graag weten waar dat geld precies naartoe gaat."),
    ("Financiën", "Bezuinig niet op de dagbesteding. Voor mijn vader is dat het enige moment in de week dat hij andere mensen ziet."),
    ("Financiën", "Verhoog de eigen bijdrage voor mensen met een hoog inkomen, dan hoeft de zorg voor anderen niet minder."),
    ("Financiën", "De transformatie duurt nu al zes jaar. Wanneer worden de resultaten zichtbaar? Noem meetbare doelen."),
    ("Financiën", "Eerst optimaliseren en dan hervormen: dat zijn twee keer grote veranderingen voor dezelfde mensen. Kan dat niet in één keer?"),
    ("Financiën", "Ik mis in het stuk wat de bezuinigingen betekenen voor het personeel bij de aanbieders. Er is nu al een groot tekort aan mensen."),
    ("Financiën", "Het is goed dat de raad binnen het budget wil blijven. Een gemeente kan niet blijven lenen voor zorg."),
    ("Financiën", "Kijk ook naar de vervoerskosten van het Wmo-vervoer. Vaak rijden er twee busjes naar dezelfde plek."),
    ("Financiën", "Ik heb schulden en krijg hulp van de gemeente. Ik ben bang dat die hulp ook minder wordt. Schuldhulp voorkomt juist andere problemen."),
    ("Jeugdhulp", "Mijn zoon staat al negen maanden op een wachtlijst voor de jeugd-ggz. Wat doet de gemeente aan die wachttijden?"),
    ("Jeugdhulp", "Jeugdhulp moet dichter bij school. Laat de jeugdhulpverlener op school spreekuur houden."),
    ("Jeugdhulp", "Ik ben pleegouder. Wij krijgen te weinig steun. Als pleeggezinnen stoppen, worden de kosten veel hoger."),
    ("Jeugdhulp", "Jongeren van 18 vallen tussen wal en schip. Zorg dat de hulp niet stopt op hun verjaardag."),
    ("Jeugdhulp", "Veel ouders vragen jeugdhulp omdat ze zelf overbelast zijn. Help de ouders, dan hebben de kinderen minder zware hulp nodig."),
    ("Jeugdhulp", "De jeugdhulp met verblijf is ver weg. Mijn dochter woont nu in Zwolle en wij zien haar weinig. Zorg voor plekken in de regio."),
    ("Jeugdhulp", "Als leerkracht zie ik dat kinderen lang moeten wachten op een onderzoek. Maak de toegang eenvoudiger."),
    ("Jeugdhulp", "Ik lees niets over de rol van de jongeren zelf. Vraag hen wat werkt, bijvoorbeeld via de jongerenraad."),
    ("Jeugdhulp", "Lichte hulp zoals een cursus opvoeden is prima, maar sommige gezinnen hebben meteen zware hulp nodig. Laat ze niet eerst alle lichte stappen doorlopen."),
    ("Jeugdhulp", "Het wijkteam in Zuid is heel goed. Maar het duurt soms weken voor ik een terugbelafspraak heb."),
    ("Inclusie", "Zorg dat mensen met een beperking overal mee kunnen doen. Begin bij het gemeentehuis: de ingang is voor een rolstoel nog steeds lastig."),
    ("Inclusie", "Maak de informatie ook begrijpelijk voor mensen die moeilijk lezen. Dit koersdocument is voor veel mensen te moeilijk."),
    ("Inclusie", "Vraag inwoners zelf wat zij nodig hebben om mee te doen. Niet alleen de bekende organisaties."),
    ("Inclusie", "Ik ben slechtziend. Ik kon dit document gelukkig met mijn voorleessoftware lezen, maar de bijlagen waren scans. Die kan ik niet lezen."),
    ("Inclusie", "Inclusie is een mooi woord. Wat betekent het voor de buurthuizen die de afgelopen jaren zijn gesloten?"),
    ("Inclusie", "Nodig ook nieuwkomers uit voor de dialoog. Veel statushouders willen graag vrijwilligerswerk doen, maar weten niet hoe."),
    ("Inclusie", "Ik mis ouderen in dit stuk. Eenzaamheid onder ouderen is in Apeldoorn een groot probleem."),
    ("Inclusie", "Goed dat inclusie een topthema is. Zet er dan ook een wethouder op die er tijd voor heeft."),
    ("Inclusie", "Mijn dochter heeft een verstandelijke beperking en wil graag werken. De stap naar een gewone baan is heel groot. Help werkgevers daarbij."),
    ("Inclusie", "Maak de sportverenigingen toegankelijk voor kinderen uit gezinnen met weinig geld. Het jeugdfonds is te onbekend."),
    ("Inclusie", "Bij de dialoog met partners zaten vooral professionals. De mensen over wie het gaat, waren er nauwelijks."),
    ("Inclusie", "Zorg voor doventolk bij bijeenkomsten van de gemeente. Dat is nu nooit geregeld."),
    ("Inclusie", "Ik vind dat de gemeente te veel praat over doelgroepen. Wij zijn gewoon inwoners."),
    ("Mantelzorg", "Ik ben mantelzorger voor mijn man met dementie. Ik mis in dit stuk wat de gemeente doet voor mantelzorgers."),
    ("Mantelzorg", "Respijtzorg is bijna niet te krijgen. Ik ben al twee jaar niet op vakantie geweest."),
    ("Mantelzorg", "De mantelzorgwaardering is leuk, maar ik heb meer aan iemand die een middag per week bij mijn moeder zit."),
    ("Mantelzorg", "Jonge mantelzorgers worden vergeten. Ik zorgde op mijn vijftiende al voor mijn zieke moeder en niemand wist dat."),
    ("Mantelzorg", "Als de huishoudelijke hulp minder wordt, komt dat allemaal bij de mantelzorgers terecht. Die zijn nu al moe."),
    ("Mantelzorg", "Maak één loket voor mantelzorgers. Nu moet ik voor elke vraag bij een andere organisatie zijn."),
    ("Mantelzorg", "Het Steunpunt Mantelzorg doet goed werk. Geef het genoeg geld om dat te blijven doen."),
    ("Mantelzorg", "Ik combineer werk met de zorg voor mijn ouders. Flexibele openingstijden van het wijkteam zouden al veel helpen."),
    ("Keuzevrijheid", "Hebben de cliëntenraden ingestemd met het loslaten van de keuzevrijheid? Dat lees ik nergens."),
    ("Strategisch partnerschap", "Neem in de afspraken op dat de partners hun medewerkers een vaste aanstelling geven. Dat is goed voor de continuïteit."),
    ("Financiën", "Zorg dat het geld dat overblijft bij de jeugdhulp niet naar andere posten gaat, maar in het sociaal domein blijft."),
    ("Inclusie", "Organiseer de volgende bijeenkomst niet alleen overdag. Werkende mensen kunnen dan niet."),
    ("Jeugdhulp", "Mijn ervaring met de jeugdhulp is goed. De hulpverlener nam echt de tijd. Houd dat vast."),
    ("Mantelzorg", "Dank voor de mogelijkheid om te reageren. Ik hoop dat de mantelzorgers een plek krijgen in de kadernota."),
)

# organisation, kind, address, the letter's points (each answered apart)
PARTNER_LETTERS = (
    ("Zorggroep Apeldoorn", OrganisationKind.CARE_PROVIDER, "info@zorggroep-apeldoorn.example.org", "Strategisch partnerschap", (
        "De zorggroep wil graag strategisch partner worden en vraagt de gemeente om de selectie op kwaliteit te doen, niet alleen op prijs.",
        "Geef aanbieders een overgangstermijn van ten minste een jaar, zodat cliënten en medewerkers mee kunnen verhuizen.",
        "Spreek met de partners één manier van verantwoorden af; dat scheelt veel administratie.",
    )),
    ("Cliëntenraad Apeldoorn", OrganisationKind.CLIENT_COUNCIL, "secretariaat@clientenraad-apeldoorn.example.org", "Keuzevrijheid", (
        "De cliëntenraad is niet gevraagd om mee te denken voordat het voorstel naar de raad ging.",
        "Cliënten die tevreden zijn over hun huidige hulpverlener moeten die kunnen houden.",
        "Zorg voor onafhankelijke cliëntondersteuning bij elke wisseling van aanbieder.",
    )),
    ("Woonstichting De Veluwe", OrganisationKind.HOUSING_CORPORATION, "wonen-en-zorg@woonstichting-develuwe.example.org", "Strategisch partnerschap", (
        "Betrek de woningcorporaties bij het partnerschap, omdat steeds meer mensen met zorg zelfstandig wonen.",
        "Maak afspraken over begeleiding van huurders die uitstromen uit beschermd wonen.",
    )),
    ("Stichting Welzijn Apeldoorn", OrganisationKind.WELFARE, "beleid@welzijn-apeldoorn.example.org", "Inclusie", (
        "Inclusie vraagt om sterke buurthuizen en vrijwilligers; het koersdocument noemt het welzijnswerk niet.",
        "Preventie via het welzijnswerk hoort in de kadernota een eigen budget te krijgen.",
    )),
    ("Adviesraad Sociaal Domein Apeldoorn", OrganisationKind.ADVISORY_COUNCIL, "adviesraad@apeldoorn.example.org", "Financiën", (
        "De adviesraad vraagt om een financiële onderbouwing van de besparing die het partnerschap moet opleveren.",
        "Leg vast hoe de raad en de adviesraad de resultaten van de transformatie elk jaar te zien krijgen.",
        "Houd de huishoudelijke hulp buiten de bezuinigingen.",
    )),
)

ANSWERS = {
    "Keuzevrijheid": ("Inwoners die nu zorg krijgen, houden hun hulpverlener tot het eind van hun indicatie. Bij de "
                      "overstap naar strategische partners zorgen we dat niemand zonder hulp komt te zitten. Het "
                      "persoonsgebonden budget blijft bestaan.", Outcome.NOT_ADOPTED),
    "Strategisch partnerschap": ("We maken met de partners afspraken over resultaten en maken die openbaar. Kleine "
                                 "aanbieders kunnen meedoen als onderaannemer.", Outcome.PARTLY_ADOPTED),
    "Financiën": ("De maatregelen gaan niet ten koste van de zorg die inwoners echt nodig hebben. Preventie krijgt een "
                  "eigen plek in de Kadernota Sociaal Domein.", Outcome.NOTED),
    "Jeugdhulp": ("Het terugdringen van de wachttijden in de jeugdhulp is een van de eerste afspraken met de partners. "
                  "We werken aan hulp die niet stopt bij 18 jaar.", Outcome.NOTED),
    "Inclusie": ("We voegen een paragraaf toe over begrijpelijke informatie en over meedoen met een beperking. Van het "
                 "koersdocument komt een versie in eenvoudige taal.", Outcome.ADOPTED),
    "Mantelzorg": ("De steun aan mantelzorgers, ook aan jonge mantelzorgers en respijtzorg, krijgt een eigen plek in de "
                   "Kadernota Sociaal Domein.", Outcome.NOTED),
    CAMPAIGN_HOME_HELP_TITLE: ("De huishoudelijke hulp blijft bestaan. De gemeente bezuinigt niet op de hulp zelf, wel "
                               "op de manier waarop die wordt ingekocht.", Outcome.NOTED),
}

FIRST_NAMES = ("Anneke", "Bram", "Carla", "Dirk", "Esther", "Fatma", "Gerrit", "Hanneke", "Ivo", "Joke", "Karim",
               "Lisa", "Marco", "Nadia", "Oscar", "Petra", "Ria", "Sander", "Tineke", "Wim", "Yvonne", "Zeynep")
LAST_NAMES = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz", "Bos",
              "Vos", "Peters", "Hendriks", "van Dijk", "Kok", "Jacobs", "van den Berg", "El Idrissi", "Brouwer",
              "Dekker", "van Leeuwen", "Kaya")
