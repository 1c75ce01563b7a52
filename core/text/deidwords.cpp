// The word lists the de-identifier consults (core/text/deid.cpp): English given and family
// names, stop words, eponyms, peoples, the English dictionary and clinical lexicon words, and for
// Chinese the clinical lexicon terms, the general word frequencies and jieba's person names.
#include "core/text/deidwords.h"

#include "core/text/textresource.h"
#include "core/text/unicode.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <vector>

namespace sagitta::core::text::deidwords {

// The terms of the Chinese clinical lexicons (resources/text/lexicon_zh*.tsv, first column).
const std::unordered_set<std::wstring> &zhClinicalTerms()
{
    static const std::unordered_set<std::wstring> terms = [] {
        std::unordered_set<std::wstring> set;
        for (const auto &[name, content] : embedded::textResources()) {
            if (name.rfind("lexicon_zh", 0) != 0)
                continue;
            for (const std::string_view line : ResourceLines(content)) {
                const std::u32string u = toU32(std::string(line.substr(0, line.find('\t'))));
                if (u.size() >= 2)
                    set.insert(std::wstring(u.begin(), u.end()));
            }
        }
        return set;
    }();
    return terms;
}

// Family (S) or given (G) names of resources/text/names_en.tsv as a regex alternation.
std::wstring lexiconNames(char kind)
{
    std::wstring out;
    for (const std::string_view line : ResourceLines(textResource("names_en.tsv"))) {
        const std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos || tab + 1 >= line.size() || line[tab + 1] != kind)
            continue;
        if (!out.empty())
            out += L'|';
        out += std::wstring(line.begin(), line.begin() + std::ptrdiff_t(tab));
    }
    return out.empty() ? L"(?!)" : out;
}

// Frequency of a word in the general Chinese word list (resources/text/segwords_zh.tsv), 0 if absent.
double zhWordFrequency(const std::wstring &word)
{
    static const std::map<std::wstring, double> words = [] {
        std::map<std::wstring, double> m;
        for (const std::string_view line : ResourceLines(textResource("segwords_zh.tsv"))) {
            const std::size_t tab = line.find('\t');
            if (tab == std::string_view::npos)
                continue;
            const std::u32string u = toU32(std::string(line.substr(0, tab)));
            if (u.size() >= 2 && u.size() <= 3)
                m.emplace(std::wstring(u.begin(), u.end()), std::atof(std::string(line.substr(tab + 1)).c_str()));
        }
        return m;
    }();
    const auto it = words.find(word);
    return it == words.end() ? 0.0 : it->second;
}

// Whether jieba's dictionary tags a word of two or three characters as a person name
// (resources/text/names_zh.tsv).
bool zhPersonName(const std::wstring &word)
{
    static const std::unordered_set<std::wstring> names = [] {
        std::unordered_set<std::wstring> set;
        for (const std::string_view line : ResourceLines(textResource("names_zh.tsv"))) {
            const std::u32string u = toU32(std::string(line));
            set.insert(std::wstring(u.begin(), u.end()));
        }
        return set;
    }();
    return names.count(word) > 0;
}

// Chinese given-name characters that end a name early (a verb or particle right after it).
bool zhStop(wchar_t c)
{
    static const std::wstring stops = L"陪代因于在与和及的是为等女男岁患诉入出今昨示行术主医护老先某床电联住门签手时诊同之已未无有被将把对向到去来说称曾仍再并也又就则均系经由从自称告、，。：；";
    return stops.find(c) != std::wstring::npos;
}

const std::wstring &givenNames()
{
    static const std::wstring names = L"Aaliyah|Aarav|Aaron|Abby|Abdul|Abena|Abigail|Ada|Adaeze|Adam|Adele|Adrian|Adriana|Agnes|Ahmed|Aidan|Aileen|Aisha|Akira|Alan|Albert|Alberto|Alejandro|Alex|Alexander|Alexis|Alfred|Alfredo|Ali|Alice|Alicia|Alison|Allen|Allison|Alma|Alvin|Ama|Amanda|Amber|Amelia|Amir|Amit|Amy|Ana|Anders|Andre|Andrea|Andres|Andrew|Angel|Angela|Angelo|Anika|Anil|Anita|Ann|Anna|Annie|Anthony|Antonio|April|Archie|Arjun|Armando|Arnold|Arthur|Arturo|Ashley|Ashton|Astrid|Audrey|Austin|Ava|Avery|Ayesha|Ayodele|Barbara|Barry|Beatrice|Beatriz|Becky|Ben|Benjamin|Bernard|Bernice|Bertha|Beth|Bethany|Betty|Beverly|Bianca|Billy|Blake|Bobby|Bonnie|Brad|Bradley|Brandon|Brenda|Brent|Brett|Brian|Bridget|Brittany|Brooke|Bruce|Bryan|Bryce|Byron|Caleb|Calvin|Cameron|Camila|Candace|Carl|Carla|Carlos|Carlton|Carmen|Carol|Caroline|Carolyn|Carrie|Casey|Cassandra|Catherine|Cecil|Cecilia|Chad|Charles|Charlie|Charlotte|Cheryl|Chester|Chidi|Chinwe|Chloe|Chris|Christian|Christina|Christine|Christopher|Claire|Clarence|Claude|Claudia|Clayton|Clifford|Clyde|Cody|Colin|Connie|Connor|Constance|Consuelo|Cora|Corey|Cory|Courtney|Craig|Crystal|Curtis|Cynthia|Daisy|Dakota|Dale|Damon|Dana|Daniel|Danielle|Darius|Darlene|Darnell|Darrell|Darren|Dave|David|Dean|Deanna|Debbie|Deborah|Debra|Deepak|Delores|Denise|Dennis|Derrick|Desmond|Destiny|Devin|Dexter|Diana|Diane|Dianne|Diego|Dmitri|Dolores|Dominic|Don|Donald|Dong|Donna|Dora|Doreen|Doris|Dorothy|Douglas|Duc|Dustin|Dwayne|Dwight|Dylan|Earl|Ebony|Eddie|Edgar|Edith|Edna|Eduardo|Edward|Edwin|Eileen|Elaine|Eleanor|Elena|Eli|Elias|Elijah|Elizabeth|Ella|Ellen|Ellie|Elmer|Eloise|Elsie|Emeka|Emilio|Emily|Emma|Enrique|Eric|Erica|Erik|Erika|Erin|Ernest|Ernesto|Esperanza|Estelle|Esther|Ethan|Ethel|Eugene|Eva|Evan|Evelyn|Everett|Fabian|Faith|Farah|Fatima|Felix|Femi|Fernando|Fiona|Florence|Floyd|Frances|Francis|Frank|Fred|Frederick|Gabriel|Gabriela|Gail|Gary|Gene|Geneva|Geoffrey|George|Georgia|Gerald|Geraldine|Gerardo|Gilbert|Gina|Giovanni|Gladys|Glen|Glenn|Gloria|Gordon|Grace|Graciela|Grant|Greg|Gregory|Greta|Guadalupe|Gustavo|Gwen|Haley|Hannah|Hans|Hao|Harold|Harriet|Harry|Haruto|Harvey|Hassan|Hazel|Heather|Hector|Heidi|Helen|Henry|Herbert|Herman|Hilda|Hiro|Hoa|Holly|Homer|Hope|Howard|Hugh|Hugo|Hyun|Ian|Ibrahim|Ida|Ignacio|Imani|Inez|Ingrid|Irene|Irina|Iris|Irma|Isaac|Isabel|Isabella|Isaiah|Ivan|Ivy|Jack|Jackie|Jacob|Jacqueline|Jae|Jaime|Jake|Jalen|Jamal|James|Jamie|Janet|Janice|Jasmine|Jason|Javier|Jay|Jean|Jeanette|Jeanne|Jeff|Jeffrey|Jenna|Jennifer|Jenny|Jeremy|Jerome|Jerry|Jesse|Jessica|Jiho|Jill|Jim|Jimmy|Jin|Joan|Joanne|Joaquin|Jodi|Jody|Joe|Joel|John|Johnny|Jon|Jonah|Jonathan|Jordan|Jorge|Jose|Joseph|Josephine|Joshua|Joy|Joyce|Juan|Juana|Juanita|Judith|Judy|Julia|Julian|Julie|Juliet|Julio|Jun|June|Justin|Karen|Karl|Kate|Katherine|Kathleen|Kathryn|Kathy|Katie|Katrina|Kavya|Kay|Kayla|Keiko|Keisha|Keith|Kelly|Kelsey|Kelvin|Ken|Kendra|Kenji|Kenneth|Kent|Kerry|Kevin|Khalid|Kim|Kimberly|Kirk|Klaus|Kofi|Krishna|Kristen|Kristin|Kumar|Kurt|Kwabena|Kwame|Kyle|Lakshmi|Lan|Lance|Larry|Lars|Latisha|Latoya|Laura|Lauren|Laurie|Lawrence|Leah|Lee|Lei|Leila|Lena|Leo|Leon|Leonard|Leroy|Leslie|Lester|Leticia|Lewis|Lillian|Lillie|Lily|Linda|Lindsay|Lindsey|Ling|Lionel|Lisa|Lloyd|Logan|Lois|Lonnie|Lorena|Lorenzo|Loretta|Lori|Lorraine|Louis|Louise|Luca|Lucas|Lucia|Lucille|Lucy|Luis|Luke|Luz|Lydia|Lyle|Lynn|Mabel|Mack|Madeline|Madison|Mahmoud|Malcolm|Malik|Mamie|Manoj|Manuel|Marc|Marcia|Marco|Marcus|Margaret|Margarita|Maria|Marian|Mariana|Marie|Marilyn|Mario|Marion|Marisol|Marjorie|Mark|Marlene|Marsha|Marshall|Martha|Martin|Marvin|Mary|Mason|Mateo|Matt|Matthew|Mattie|Maureen|Maurice|Max|Maxine|May|Maya|Megan|Mei|Melanie|Melissa|Melvin|Mercedes|Mia|Micah|Michael|Michelle|Miguel|Mike|Mildred|Miles|Milton|Ming|Minh|Minnie|Miriam|Misty|Mitchell|Mohamed|Mohammed|Molly|Monica|Monique|Morgan|Muhammad|Myrtle|Nadia|Nancy|Naomi|Natalie|Natasha|Nathan|Nathaniel|Neil|Nelson|Nettie|Ngoc|Ngozi|Nicholas|Nicolas|Nicole|Nikhil|Nina|Noah|Nora|Norma|Norman|Olga|Oliver|Olivia|Oluwaseun|Omar|Opal|Oscar|Otto|Owen|Pablo|Pam|Pamela|Pat|Patricia|Patrick|Paul|Paula|Pavel|Pearl|Pedro|Penny|Percy|Peter|Philip|Phyllis|Pierre|Pilar|Pooja|Preston|Priscilla|Priya|Quinn|Rachael|Rachel|Rafael|Rahul|Raj|Rajesh|Ralph|Ramon|Ramona|Randall|Randy|Rashid|Raul|Ravi|Raymond|Reba|Rebecca|Reggie|Regina|Reginald|Rene|Renee|Rhonda|Ricardo|Richard|Rick|Riley|Rita|Robert|Roberta|Roberto|Robin|Rochelle|Rocio|Rodney|Rodolfo|Roger|Rohan|Roland|Ron|Ronald|Ronnie|Rosa|Rosalie|Rose|Rosemary|Ross|Roxanne|Roy|Ruben|Ruby|Rudy|Rufus|Russell|Ruth|Ryan|Sabrina|Sadia|Sakura|Sally|Salma|Salvador|Sam|Samantha|Samuel|Sandra|Sanjay|Santiago|Sara|Sarah|Scott|Sean|Sebastian|Sergei|Seth|Shanice|Shannon|Sharon|Shawn|Sheila|Shelby|Sherry|Shirley|Shreya|Sidney|Silvia|Simon|Sofia|Sonia|Sonya|Sophia|Stacy|Stanley|Stella|Stephanie|Stephen|Steven|Sue|Sung|Sunil|Suresh|Susan|Susie|Sven|Svetlana|Sylvia|Takashi|Tamara|Tammy|Tanisha|Tara|Tariq|Taylor|Ted|Teresa|Terrence|Terry|Thanh|Thelma|Theodore|Theresa|Thomas|Timothy|Tina|Toby|Todd|Toni|Tony|Tracey|Tracy|Travis|Trevor|Tricia|Troy|Tuan|Tunde|Tyler|Uchenna|Valentina|Valerie|Vanessa|Velma|Vera|Vernon|Veronica|Vicki|Victor|Victoria|Vikram|Vincent|Viola|Violet|Virgil|Virginia|Vivek|Wade|Wallace|Walter|Wanda|Warren|Wayne|Wei|Wendy|Wesley|Whitney|Wilbur|William|Willie|Wilma|Winifred|Winston|Ximena|Xin|Yan|Yasmin|Yesenia|Yolanda|Yong|Yuki|Yusuf|Yvonne|Zachary|Zainab|Zara|Zoe";
    return names;
}

bool isStopWord(const std::wstring &t)
{
    static const std::vector<std::wstring> stop = {
        L"The", L"A", L"An", L"And", L"Or", L"Of", L"In", L"On", L"At", L"To", L"For", L"With", L"By", L"From", L"Is", L"Was", L"He", L"She",
        L"His", L"Her", L"They", L"Their", L"Patient", L"Pt", L"Dr", L"Mr", L"Mrs", L"Ms", L"Miss", L"Md", L"MD", L"RN", L"NP", L"PA", L"Do",
        L"No", L"Yes", L"Not", L"Per", L"Seen", L"Called", L"Discussed", L"Signed", L"Note", L"Plan", L"Assessment", L"History", L"Exam",
        L"Family", L"Social", L"Hospital", L"Clinic", L"Center", L"Medical", L"Health", L"Follow", L"Up", L"Daughter", L"Son", L"Wife",
        L"Husband", L"Mother", L"Father", L"Sister", L"Brother", L"Friend", L"Today", L"Will", L"Who", L"Also", L"Then", L"Call", L"See",
        L"Attending", L"Resident", L"Nurse", L"Surgeon", L"Name", L"Contact", L"Phone", L"Cell", L"Home", L"Work", L"Emergency", L"All",
        L"Left", L"Right", L"Bilateral", L"Normal", L"Unit", L"Room", L"Bed", L"Service", L"Team", L"Staff", L"New", L"North", L"South",
        L"East", L"West", L"Saint", L"St", L"General", L"University", L"Memorial", L"Community", L"Regional", L"County", L"City", L"State",
        L"Continue", L"Reading", L"Postoperative", L"Surgeon", L"Pt", L"Parents", L"Sons", L"Daughters", L"Children", L"Resident",
        L"Intern", L"Fellow", L"Participant", L"Subject", L"Tech", L"Therapist", L"Pharmacist", L"Interpreter", L"Chaplain", L"Social", L"Case", L"Called",
        L"Discharge", L"Admission", L"Admitted", L"Discharged", L"Diagnosis", L"Impression", L"Findings", L"Procedure", L"Indication",
        L"Reason", L"Chief", L"Complaint", L"Medications", L"Allergies", L"Labs", L"Imaging", L"Vitals", L"Orange", L"Agent", L"Lives", L"Married", L"Retired", L"Works", L"Smoker", L"Denies", L"Reports", L"Started", L"Stable", L"Alert",
        L"Officer", L"Grandmother", L"Grandfather", L"Grandson", L"Granddaughter", L"Great-grandson", L"Great-granddaughter",
        L"Aunt", L"Uncle", L"Cousin", L"Niece", L"Nephew", L"Sergeant", L"Detective", L"Captain", L"Judge", L"Pastor", L"Coach",
        L"Neighbor", L"Neighbour", L"Roommate", L"Partner", L"Guardian", L"Stepson", L"Stepdaughter", L"Stepfather", L"Stepmother",
        L"Doctor", L"Professor", L"Prof", L"Positive", L"Negative", L"Sister", L"Mom", L"Dad", L"Spouse", L"Caregiver", L"Will",
        L"Oriented", L"Outside", L"Awake", L"Seen", L"Examined", L"Note", L"Addendum", L"Baby", L"Boy", L"Girl", L"Meds", L"Twin", L"Outpatient", L"Inpatient", L"Primary", L"Care"};
    return std::find(stop.begin(), stop.end(), t) != stop.end();
}

namespace {

// Lower-case words of a resource: English words (words_en.tsv, from wamerican) and the words of
// the clinical lexicons (lexicon_en*.tsv, first column).
std::unordered_set<std::wstring> resourceWords(bool dictionary)
{
    std::unordered_set<std::wstring> set;
    for (const auto &[name, content] : embedded::textResources()) {
        const bool dict = name == "words_en.tsv", lexicon = name.rfind("lexicon_en", 0) == 0;
        if (!lexicon && !(dict && dictionary))
            continue;
        for (std::string_view line : ResourceLines(content)) {
            line = line.substr(0, line.find('\t'));
            std::wstring word;
            for (std::size_t i = 0; i <= line.size(); ++i) {
                const char c = i < line.size() ? line[i] : ' ';
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    word += wchar_t(std::tolower(static_cast<unsigned char>(c)));
                } else {
                    if (word.size() >= 2)
                        set.insert(word);
                    word.clear();
                }
            }
        }
    }
    return set;
}

} // namespace

const std::unordered_set<std::wstring> &knownWords()
{
    static const std::unordered_set<std::wstring> words = resourceWords(true);
    return words;
}

// The words of the clinical lexicons alone.
const std::unordered_set<std::wstring> &clinicalWords()
{
    static const std::unordered_set<std::wstring> words = resourceWords(false);
    return words;
}

// Medical eponyms and other capitalised words of clinical text that no word list holds.
bool knownEponym(const std::wstring &t)
{
    static const std::unordered_set<std::wstring> eponyms = {
        L"Babinski", L"Hoffmann", L"Hoffman", L"Gleason", L"Nottingham", L"Fitzpatrick", L"Colles", L"Bennett", L"Scheuermann",
        L"Cheyne-Stokes", L"Brown-Sequard", L"Swan-Ganz", L"Hunt-Hess", L"Glasgow", L"Apgar", L"Apgars", L"Mallampati", L"Child-Pugh",
        L"Ranson", L"Killip", L"Breslow", L"Hinchey", L"Lachman", L"McMurray", L"Phalen", L"Tinel", L"Romberg", L"Kernig",
        L"Brudzinski", L"Homan", L"Homans", L"Murphy", L"McBurney", L"Rovsing", L"Trendelenburg", L"Valsalva", L"Epley",
        L"Dix-Hallpike", L"Weber", L"Rinne", L"Snellen", L"Ishihara", L"Kussmaul", L"Korotkoff", L"Osler", L"Janeway", L"Kaposi",
        L"Hashimoto", L"Addison", L"Cushing", L"Kawasaki", L"Takayasu", L"Wegener", L"Sjogren", L"Raynaud", L"Guillain-Barre",
        L"Meniere", L"Alzheimer", L"Huntington", L"Tourette", L"Asperger", L"Klinefelter", L"Marfan", L"Ehlers-Danlos", L"Barrett",
        L"Zenker", L"Meckel", L"Hirschsprung", L"Crohn", L"Whipple", L"Gaucher", L"Fabry", L"Pompe", L"Tay-Sachs", L"Niemann-Pick",
        L"Hodgkin", L"Burkitt", L"Ewing", L"Wilms", L"Paget", L"Merkel", L"Warthin", L"Schwann", L"Langerhans", L"Kupffer",
        L"Purkinje", L"Broca", L"Wernicke", L"Korsakoff", L"Willis", L"Monro", L"Luschka", L"Magendie", L"Glisson", L"Morison",
        L"Hartmann", L"Roux-en-Y", L"Roux", L"Billroth", L"Nissen", L"Kocher", L"Pfannenstiel", L"Foley", L"Hickman", L"Groshong",
        L"Broviac", L"Jackson-Pratt", L"Penrose", L"Hemovac", L"Sengstaken-Blakemore", L"Macintosh", L"Seldinger", L"Doppler",
        L"Holter", L"Framingham", L"Caprini", L"Padua", L"Braden", L"Barthel", L"Karnofsky", L"Balthazar", L"Bosniak", L"Fleischner",
        L"Lugano", L"Binet", L"Durie-Salmon", L"Tyrer-Cuzick", L"Gram", L"Ziehl-Neelsen", L"Papanicolaou", L"Giemsa", L"Coombs",
        L"Westergren", L"Friedewald", L"Cockcroft-Gault", L"Henderson-Hasselbalch", L"Mosteller", L"Ogilvie", L"Mallory-Weiss",
        L"Boerhaave", L"Budd-Chiari", L"Dressler", L"Prinzmetal", L"Brugada", L"Wolff-Parkinson-White", L"Mobitz", L"Wenckebach",
        L"Chvostek", L"Trousseau", L"Virchow", L"Courvoisier", L"Charcot", L"Mirizzi", L"Caroli", L"Dubin-Johnson", L"Crigler-Najjar",
        L"Zollinger-Ellison", L"Peutz-Jeghers", L"Cowden", L"Li-Fraumeni", L"Willebrand", L"Glanzmann", L"Felty", L"Behcet",
        L"Castleman", L"Waldenstrom", L"Bence-Jones", L"Auer", L"Howell-Jolly", L"Reed-Sternberg", L"Lewy", L"Creutzfeldt-Jakob",
        L"Lhermitte", L"Uhthoff", L"Horner", L"Argyll", L"Lennox-Gastaut", L"Dravet", L"Rett", L"Angelman", L"Prader-Willi", L"Noonan",
        L"DiGeorge", L"Patau", L"Apert", L"Crouzon", L"Klippel-Feil", L"Sprengel", L"Legg-Calve-Perthes", L"Perthes",
        L"Osgood-Schlatter", L"Kienbock", L"Monteggia", L"Galeazzi", L"Lisfranc", L"Maisonneuve", L"Salter-Harris", L"Gustilo",
        L"Schatzker", L"Cobb", L"Risser", L"Tanner", L"Ballard", L"Dubowitz", L"Finnegan", L"Ortolani", L"Barlow", L"Moro",
        L"Naegele", L"Braxton", L"Hicks", L"Bartholin", L"Mullerian", L"Wolffian", L"Sertoli", L"Leydig", L"Krukenberg", L"Meigs",
        L"Aschoff", L"Eisenmenger", L"Ebstein", L"Fallot", L"Blalock-Taussig", L"Fontan", L"Norwood", L"Bentall", L"Parkinson",
        L"Graves", L"Wells", L"Bell", L"Hunt", L"Todd", L"Jacksonian", L"Tanner", L"Bishop", L"Leopold", L"Medicare", L"Medicaid",
        L"Ashkenazi", L"Jewish", L"Esq", L"Jevity", L"Ensure", L"Glucerna", L"Nepro", L"Vmax", L"Mantoux", L"Quantiferon",
        L"Lovenox", L"Eliquis", L"Xarelto", L"Coumadin", L"Lasix", L"Plavix", L"Lipitor", L"Zofran", L"Tylenol", L"Motrin",
        L"Dilaudid", L"Ativan", L"Haldol", L"Seroquel", L"Keppra", L"Decadron", L"Solu-Medrol", L"Flomax", L"Protonix", L"Pepcid",
        L"Narcan", L"Entresto", L"Jardiance", L"Farxiga", L"Ozempic", L"Trulicity", L"Lantus", L"Humalog", L"Novolog", L"Januvia",
        L"Synthroid", L"Norco", L"Percocet", L"Vicodin", L"Dexcom", L"Libre", L"Omnipod", L"Medtronic", L"Pleurx", L"PleurX",
        L"Douglas", L"Epstein-Barr", L"Lambert-Eaton", L"Kaplan-Meier", L"Guillain-Barré", L"Brown-Séquard", L"Osler-Weber-Rendu",
        L"Rendu-Osler-Weber", L"Dandy-Walker", L"Bland-Altman", L"Frank-Starling", L"Starr-Edwards", L"Carpentier-Edwards",
        L"Monro-Kellie", L"Hardy-Weinberg", L"Kimmelstiel-Wilson", L"Marcus-Gunn", L"Argyll-Robertson", L"Adams-Stokes",
        L"Stokes-Adams", L"Kearns-Sayre", L"Lesch-Nyhan", L"Treacher-Collins", L"Pierre-Robin", L"Behçet", L"Waldenström",
        L"Sjögren", L"Ménière", L"Raynaud's", L"Chagas", L"Bell's", L"Tinel's", L"Phalen's", L"Murphy's", L"Kernig's",
        L"Brudzinski's", L"McBurney's", L"Homans'", L"Virchow's", L"Barrett's", L"Hashimoto's", L"Graves'", L"Crohn's", L"Cushing's",
        L"Addison's", L"Parkinson's", L"Alzheimer's", L"Huntington's", L"Hodgkin's", L"Wilms'", L"Paget's", L"Kaposi's",
        // Compound eponyms and brands written in two capitalised parts (unknownCapitalised reads those too).
        L"Stevens-Johnson", L"Charcot-Marie-Tooth", L"Wernicke-Korsakoff", L"Arnold-Chiari", L"Sturge-Weber", L"Kasabach-Merritt",
        L"Holt-Oram", L"Beckwith-Wiedemann", L"Fitz-Hugh-Curtis", L"Kayser-Fleischer", L"Jarisch-Herxheimer", L"Wolf-Hirschhorn",
        L"Hand-Schuller-Christian", L"Waterhouse-Friderichsen", L"Smith-Lemli-Opitz", L"Russell-Silver", L"Hippel-Lindau",
        L"Non-Hodgkin", L"Denys-Drash", L"Shy-Drager", L"Bernard-Soulier", L"Chediak-Higashi", L"Wiskott-Aldrich",
        L"Hermansky-Pudlak", L"Tolosa-Hunt", L"Miller-Fisher", L"Austin-Flint", L"Graham-Steell", L"Pel-Ebstein", L"Bezold-Jarisch",
        L"Glasgow-Blatchford", L"Spetzler-Martin", L"Lown-Ganong-Levine", L"Romano-Ward", L"Jervell-Lange-Nielsen", L"Wolff-Chaikoff",
        L"Jod-Basedow", L"Loeys-Dietz", L"Mayer-Rokitansky", L"Bard-Parker", L"Mayo-Hegar", L"Pleur-Evac", L"Pleur-evac",
        L"Port-A-Cath", L"Solu-Cortef", L"Depo-Provera", L"Depo-Medrol", L"Depo-Testosterone", L"Accu-Chek", L"Steri-Strips",
        L"Steri-Strip", L"Vas-Cath", L"Cor-Trak", L"Bair-Hugger", L"Kleihauer-Betke", L"Westermark", L"Hampton", L"McConnell",
        L"Mini-Cog", L"Mini-Mental", L"Tdap", L"OxyContin", L"OxyIR", L"NovoLog", L"NovoSeven", L"EpiPen", L"DuoNeb", L"ProAir",
        L"FreeStyle", L"OneTouch", L"CoaguChek", L"MiraLax", L"MiraLAX", L"GoLytely", L"NuLytely", L"MoviPrep", L"SuPrep", L"LifeVest",
        L"MitraClip", L"CoreValve", L"AngioJet", L"PowerPort", L"MediPort", L"PermCath", L"WoundVac", L"LifePak", L"AutoPulse",
        L"BiDil", L"ReoPro", L"AndroGel", L"GlucaGen", L"FluMist", L"FluLaval", L"HumaPen", L"InPen", L"FlexPen", L"KwikPen",
        L"SoloStar", L"AccuChek", L"TriCor", L"AirDuo", L"ArmonAir", L"DexCom", L"ThermaCare", L"BenGay", L"NicoDerm", L"CeraVe",
        L"AquaPhor", L"DermaBond", L"SteriStrips", L"VapoTherm", L"DreamStation", L"ResMed", L"AirSense", L"AutoSet", L"FloTrac",
        L"VasCath", L"TheraBand", L"ReliOn", L"TrueMetrix", L"PreserVision", L"OcuVite", L"PillCam", L"CytoSponge", L"EsoCheck",
        L"WatchPAT", L"ZioPatch", L"LifeWatch", L"CareLink", L"MyChart", L"EpicCare", L"UpToDate", L"PubMed", L"MedicAlert",
        L"LifeLine", L"ChloraPrep", L"DuraPrep", L"GoodRx", L"DePuy", L"PowerGlide", L"MidLine", L"BioPatch", L"CliniMix",
        L"ClinOleic", L"SmofLipid", L"IntraLipid", L"NutriSource", L"BeneProtein", L"ThickenUp", L"SimplyThick", L"TwoCal",
        L"PediaSure", L"NovaSource", L"ProSource", L"BiPAP", L"CoughAssist", L"TheraVest", L"AeroChamber", L"OptiChamber",
        L"RespiClick", L"HandiHaler", L"FlexTouch", L"ClickJect", L"SureClick", L"AutoInjector", L"EasyTouch", L"TrueTrack",
        L"ContourNext", L"InterStim", L"AlloDerm", L"DaVinci", L"MammoSite", L"SpyGlass", L"CardioMEMS", L"HeartMate", L"HeartWare",
        L"MicraPacemaker", L"WatchMan", L"AtriClip", L"LifeStent", L"ExoSeal", L"AngioSeal", L"StarClose", L"PerClose", L"MynxGrip"};
    return eponyms.count(t) > 0;
}

// Peoples, languages and faiths (wamerican lists only small-letter words): "African-American",
// "Jamaican", "Vietnamese-speaking", "Jehovah's Witness".
bool peopleWord(const std::wstring &t)
{
        static const std::unordered_set<std::wstring> peoples = {
        L"African", L"American", L"Americans", L"Asian", L"Hispanic", L"Latino", L"Latina", L"Latinx", L"Caucasian", L"Mexican",
        L"Chinese", L"Indian", L"Native", L"Pacific", L"Islander", L"Alaskan", L"Haitian", L"Cuban", L"Dominican", L"Puerto",
        L"Rican", L"Korean", L"Japanese", L"Filipino", L"Filipina", L"Vietnamese", L"Italian", L"Irish", L"Polish", L"Russian",
        L"Jewish", L"Arab", L"Arabic", L"European", L"Caribbean", L"Jamaican", L"Nigerian", L"Ghanaian", L"Somali", L"Ethiopian",
        L"Eritrean", L"Brazilian", L"Portuguese", L"Verdean", L"Greek", L"Armenian", L"Indigenous", L"Creole", L"Cambodian",
        L"Khmer", L"Laotian", L"Hmong", L"Thai", L"Nepali", L"Bhutanese", L"Pakistani", L"Bangladeshi", L"Afghan", L"Iranian",
        L"Persian", L"Iraqi", L"Syrian", L"Lebanese", L"Turkish", L"Ukrainian", L"German", L"French", L"English", L"Scottish",
        L"Welsh", L"British", L"Canadian", L"Australian", L"Spanish", L"Anglo", L"Ashkenazi", L"Sephardic", L"Jehovah",
        L"Witness", L"Christian", L"Catholic", L"Protestant", L"Muslim", L"Orthodox", L"Hindu", L"Sikh", L"Buddhist", L"Mormon",
        L"Amish", L"Mandarin", L"Cantonese", L"Tagalog", L"Urdu", L"Hindi", L"Bengali", L"Punjabi", L"Gujarati", L"Tamil",
        L"Swahili", L"Amharic", L"Tigrinya", L"Yoruba", L"Igbo", L"Hausa", L"Twi", L"Farsi", L"Dari", L"Pashto", L"Kurdish",
        L"Hebrew", L"Yiddish", L"Navajo", L"Cherokee", L"Sioux", L"Samoan", L"Tongan", L"Hawaiian", L"Guatemalan", L"Salvadoran",
        L"Honduran", L"Colombian", L"Venezuelan", L"Peruvian", L"Ecuadorian", L"Bolivian", L"Chilean", L"Argentine", L"Argentinian",
        L"Congolese", L"Sudanese", L"Kenyan", L"Ugandan", L"Liberian", L"Senegalese", L"Moroccan", L"Egyptian", L"Algerian",
        L"Tunisian", L"Libyan", L"Yemeni", L"Saudi", L"Emirati", L"Israeli", L"Palestinian", L"Jordanian", L"Taiwanese",
        L"Mongolian", L"Tibetan", L"Burmese", L"Malaysian", L"Indonesian", L"Singaporean", L"Sri", L"Lankan", L"Dutch", L"Swedish",
        L"Norwegian", L"Danish", L"Finnish", L"Swiss", L"Austrian", L"Belgian", L"Czech", L"Slovak", L"Hungarian", L"Romanian",
        L"Bulgarian", L"Serbian", L"Croatian", L"Bosnian", L"Albanian", L"Lithuanian", L"Latvian", L"Estonian", L"Belarusian",
        L"Georgian", L"Azerbaijani", L"Uzbek", L"Kazakh", L"Slavic", L"Nordic", L"Scandinavian", L"Mediterranean", L"Aboriginal",
        L"Inuit", L"Hopi", L"Apache", L"Lakota", L"Ojibwe", L"Micronesian", L"Polynesian", L"Marshallese", L"Chuukese"};
    return peoples.count(t) > 0;
}

} // namespace sagitta::core::text::deidwords
