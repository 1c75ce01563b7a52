#!/usr/bin/env python3
"""Writes lexicon_en_more.tsv: Sagitta's own English clinical terms, listed here by hand and
combined by simple rules (site x finding, organ x procedure). No third-party vocabulary.
Run from this folder; the output is committed and embedded at build time."""
import re

def words(text):
    return [t.strip() for t in re.split(r'[;\n]', text) if t.strip()]

MEDICATIONS = words("""
acarbose; acebutolol; acetazolamide; acetylcysteine; adalimumab; adenosine; albendazole; alendronate; alfuzosin;
aliskiren; allopurinol; alogliptin; alteplase; amantadine; amikacin; amiloride; aminophylline; amphotericin b;
anastrozole; apremilast; argatroban; aripiprazole; atazanavir; atomoxetine; atropine; azathioprine; aztreonam;
baclofen; beclomethasone; benazepril; benztropine; betamethasone; bevacizumab; bicalutamide; bisoprolol; bivalirudin;
bleomycin; bortezomib; bromocriptine; budesonide; bumetanide; buprenorphine; buspirone; cabergoline; calcitonin;
calcitriol; canagliflozin; candesartan; capecitabine; captopril; carbidopa; carboplatin; cefdinir; cefixime;
cefotaxime; cefoxitin; cefpodoxime; ceftazidime; cefuroxime; cetirizine; chlorambucil; chlordiazepoxide; chlorhexidine;
chloroquine; chlorpromazine; chlorthalidone; cholestyramine; cilostazol; cimetidine; cinacalcet; cisplatin;
clonidine; clotrimazole; clozapine; cyclobenzaprine; cyclophosphamide; cyclosporine; cytarabine; dalteparin;
dantrolene; dapagliflozin; daptomycin; darbepoetin; desmopressin; dexmedetomidine; dextromethorphan; diclofenac;
dicyclomine; digoxin immune fab; diltiazem; diphenhydramine; dipyridamole; dobutamine; docetaxel; dofetilide;
dolutegravir; doxazosin; doxorubicin; dronedarone; dulaglutide; edoxaban; efavirenz; empagliflozin; emtricitabine;
enalaprilat; entecavir; epoetin alfa; eplerenone; eptifibatide; ertapenem; erythromycin; esmolol; esomeprazole;
estradiol; etanercept; ethambutol; etomidate; exenatide; ezetimibe; febuxostat; felodipine; fenofibrate;
fexofenadine; filgrastim; flecainide; fludrocortisone; flumazenil; fluorouracil; fluphenazine; fluvoxamine;
fondaparinux; fosfomycin; fosinopril; gemcitabine; gemfibrozil; glargine; glimepiride; glucagon; glyburide;
glycopyrrolate; granisetron; guaifenesin; hydralazine; hydroxyurea; hydroxyzine; hyoscyamine; ibandronate;
imatinib; imipenem; indapamide; indomethacin; infliximab; insulin aspart; insulin glargine; insulin lispro;
insulin detemir; regular insulin; nph insulin; irbesartan; isoniazid; isosorbide mononitrate; isosorbide dinitrate;
ivermectin; ketorolac; labetalol; lacosamide; lamivudine; lansoprazole; leflunomide; leucovorin; leuprolide;
levocetirizine; lidocaine; linagliptin; liothyronine; liraglutide; loratadine; lovastatin; magnesium oxide;
mannitol; meclizine; medroxyprogesterone; megestrol; meloxicam; meperidine; mercaptopurine; mesalamine; metolazone;
methadone; methimazole; methocarbamol; methyldopa; methylphenidate; metolazone; micafungin; milrinone; minocycline;
mirabegron; misoprostol; modafinil; mometasone; mupirocin; mycophenolate; nabumetone; nadolol; naloxone; naltrexone;
nebivolol; neomycin; nicardipine; nicotine patch; nifedipine; nimodipine; nitroprusside; nortriptyline; nystatin;
octreotide; ofloxacin; olmesartan; oxybutynin; oxcarbazepine; paclitaxel; paliperidone; pamidronate; paroxetine;
pembrolizumab; pemetrexed; penicillin g; pentoxifylline; perindopril; phenazopyridine; phenobarbital; phenylephrine;
pioglitazone; piperacillin; pitavastatin; posaconazole; potassium citrate; pramipexole; prasugrel; pravastatin;
prazosin; prednisolone; primidone; probenecid; prochlorperazine; promethazine; propafenone; propranolol;
propylthiouracil; protamine; pseudoephedrine; pyridostigmine; pyrazinamide; quinapril; rabeprazole; raloxifene;
ramipril; ranolazine; rasburicase; remdesivir; repaglinide; rifampin; rifaximin; risedronate; rituximab;
rocuronium; ropinirole; sacubitril; salmeterol; saxagliptin; scopolamine; selegiline; semaglutide; sevelamer;
sitagliptin; sodium bicarbonate; sodium chloride; sotalol; sucralfate; sulfasalazine; sumatriptan; tacrolimus;
tadalafil; telmisartan; tenecteplase; tenofovir; terazosin; terbinafine; teriparatide; testosterone; theophylline;
thiamine; ticagrelor; timolol; tinidazole; tirofiban; tizanidine; tobramycin; tocilizumab; tolterodine; torsemide;
tranexamic acid; triamcinolone; triamterene; trimethoprim; ursodiol; valganciclovir; valsartan; vasopressin;
vecuronium; verapamil; vildagliptin; vitamin b12; cyanocobalamin; vitamin k; phytonadione; voriconazole; zidovudine;
ziprasidone; zoledronic acid; zonisamide; ganciclovir; foscarnet; caspofungin; colistin; tigecycline; ceftaroline;
cefiderocol; polyethylene glycol; bisacodyl; simethicone; magnesium citrate; sodium phosphate; calcium gluconate;
calcium chloride; dextrose; normal saline; lactated ringer's; albumin infusion; packed red blood cells;
fresh frozen plasma; cryoprecipitate; platelet transfusion; oxygen; nitrous oxide; sevoflurane; succinylcholine;
neostigmine; sugammadex; naproxen sodium; aspirin 81; baby aspirin; multivitamin; fish oil; melatonin; zinc;
ferrous sulfate; ferrous gluconate; iron sucrose; ferric carboxymaltose; erythropoietin; heparin drip; insulin drip;
nitroglycerin drip; amiodarone drip; diltiazem drip; vitamin c; ascorbic acid; pyridoxine; niacin; riboflavin;
thiamine hydrochloride; ketoconazole; itraconazole; griseofulvin; permethrin; lindane; benzoyl peroxide; tretinoin;
isotretinoin; hydroquinone; mometasone furoate; clobetasol; hydrocortisone cream; silver sulfadiazine; bacitracin;
mupirocin ointment; polymyxin b; ciprofloxacin drops; latanoprost; brimonidine; dorzolamide; pilocarpine;
prednisolone acetate; artificial tears; oxymetazoline; saline nasal spray; fluticasone nasal spray; budesonide-formoterol;
fluticasone-salmeterol; umeclidinium; vilanterol; roflumilast; omalizumab; mepolizumab; dupilumab; benralizumab;
nivolumab; ipilimumab; atezolizumab; durvalumab; trastuzumab; pertuzumab; cetuximab; panitumumab; ramucirumab;
lenalidomide; thalidomide; daratumumab; ibrutinib; venetoclax; osimertinib; erlotinib; gefitinib; crizotinib;
alectinib; sunitinib; sorafenib; lenvatinib; regorafenib; cabozantinib; everolimus; sirolimus; abiraterone;
enzalutamide; degarelix; goserelin; fulvestrant; exemestane; palbociclib; ribociclib; abemaciclib; olaparib;
oxaliplatin; irinotecan; etoposide; vincristine; vinblastine; vinorelbine; ifosfamide; bendamustine; fludarabine;
azacitidine; decitabine; daunorubicin; idarubicin; epirubicin; mitomycin; temozolomide; hydroxyurea capsules;
methotrexate injection; certolizumab; golimumab; ustekinumab; secukinumab; ixekizumab; vedolizumab; natalizumab;
ocrelizumab; fingolimod; dimethyl fumarate; teriflunomide; glatiramer; interferon beta; baricitinib; tofacitinib;
upadacitinib; anakinra; abatacept; belimumab; denosumab; romosozumab; evolocumab; alirocumab; inclisiran;
icosapent ethyl; colesevelam; bempedoic acid; tirzepatide; insulin degludec; insulin glulisine; pramlintide;
diazoxide; octreotide lar; lanreotide; pasireotide; hydrocortisone sodium succinate; fludrocortisone acetate;
levonorgestrel; norethindrone; ethinyl estradiol; progesterone; clomiphene; letrozole tablets; oxytocin;
methylergonovine; carboprost; magnesium sulfate infusion; terbutaline; nifedipine er; betamethasone injection;
rho(d) immune globulin; immune globulin; ivig; hepatitis b vaccine; influenza vaccine; pneumococcal vaccine;
tetanus toxoid; tdap; covid-19 vaccine; zoster vaccine; mmr vaccine; varicella vaccine; hpv vaccine;
nicotine gum; varenicline; disulfiram; acamprosate; buprenorphine-naloxone; methylnaltrexone; naloxegol;
lubiprostone; linaclotide; prucalopride; alosetron; eluxadoline; budesonide capsules; balsalazide; olsalazine;
cholestyramine powder; pancrelipase; lactase; orlistat; phentermine; topiramate er; lorcaserin; sibutramine;
""")

BRANDS = words("""
tylenol; advil; motrin; aleve; lasix; coumadin; eliquis; xarelto; pradaxa; plavix; lipitor; crestor; zocor;
norvasc; toprol; lopressor; zestril; prinivil; cozaar; diovan; glucophage; lantus; humalog; novolog; levemir;
januvia; jardiance; farxiga; ozempic; trulicity; victoza; synthroid; prilosec; nexium; protonix; pepcid; zofran;
reglan; imodium; colace; senokot; miralax; dulcolax; benadryl; zyrtec; claritin; allegra; flonase; singulair;
ventolin; proventil; spiriva; advair; symbicort; lovenox; zithromax; augmentin; keflex; cipro; levaquin; bactrim;
flagyl; cleocin; vancocin; zosyn; rocephin; diflucan; valtrex; tamiflu; flomax; proscar; zyloprim; medrol;
deltasone; decadron; solu-medrol; neurontin; lyrica; ultram; percocet; vicodin; norco; dilaudid; oxycontin;
zoloft; prozac; lexapro; celexa; effexor; cymbalta; wellbutrin; remeron; desyrel; ativan; valium; xanax;
klonopin; ambien; haldol; seroquel; zyprexa; risperdal; abilify; keppra; dilantin; depakote; tegretol; lamictal;
topamax; aricept; namenda; sinemet; lanoxin; cordarone; nitrostat; imdur; entresto; aldactone; coreg; cardizem;
calan; xalatan; humira; enbrel; remicade; rituxan; herceptin; keytruda; opdivo; gleevec; revlimid; prolia;
fosamax; boniva; evista; premarin; provera; depo-provera; viagra; cialis; chantix; suboxone; narcan; epipen;
""")

PROBLEMS = words("""
acute kidney injury; chronic kidney disease; end-stage renal disease; nephrotic syndrome; nephritic syndrome;
glomerulonephritis; pyelonephritis; hydronephrosis; nephrolithiasis; kidney stone; kidney stones; urinary retention;
urinary incontinence; overactive bladder; benign prostatic hyperplasia; prostatitis; epididymitis; orchitis;
testicular torsion; erectile dysfunction; urethritis; cystitis; urosepsis; renal cell carcinoma; renal cyst;
polycystic kidney disease; renal artery stenosis; renal failure; acute tubular necrosis; rhabdomyolysis;
hyperkalemia; hypokalemia; hypernatremia; hyponatremia; hypercalcemia; hypocalcemia; hypermagnesemia;
hypomagnesemia; hyperphosphatemia; hypophosphatemia; metabolic acidosis; metabolic alkalosis; respiratory acidosis;
respiratory alkalosis; lactic acidosis; diabetic ketoacidosis; hyperosmolar hyperglycemic state; hypoglycemia;
hyperglycemia; type 1 diabetes; type 2 diabetes; gestational diabetes; prediabetes; insulin resistance;
metabolic syndrome; obesity; morbid obesity; malnutrition; cachexia; dehydration; hypovolemia; fluid overload;
hypothyroidism; hyperthyroidism; thyrotoxicosis; graves disease; hashimoto thyroiditis; thyroid nodule; goiter;
thyroid cancer; adrenal insufficiency; cushing syndrome; addison disease; pheochromocytoma; hyperaldosteronism;
hyperparathyroidism; hypoparathyroidism; pituitary adenoma; diabetes insipidus; siadh; osteoporosis; osteopenia;
osteomalacia; paget disease; vitamin d deficiency; vitamin b12 deficiency; iron deficiency; iron deficiency anemia;
anemia of chronic disease; hemolytic anemia; aplastic anemia; sickle cell disease; sickle cell anemia; thalassemia;
thrombocytopenia; thrombocytosis; leukopenia; leukocytosis; neutropenia; febrile neutropenia; pancytopenia;
polycythemia; coagulopathy; disseminated intravascular coagulation; hemophilia; von willebrand disease;
heparin-induced thrombocytopenia; thrombotic thrombocytopenic purpura; deep vein thrombosis; deep venous thrombosis;
pulmonary embolism; venous thromboembolism; superficial thrombophlebitis; varicose veins; venous insufficiency;
peripheral arterial disease; peripheral vascular disease; claudication; critical limb ischemia; acute limb ischemia;
aortic aneurysm; abdominal aortic aneurysm; thoracic aortic aneurysm; aortic dissection; carotid stenosis;
vasculitis; giant cell arteritis; raynaud phenomenon; hypertension; essential hypertension; hypertensive urgency;
hypertensive emergency; hypotension; orthostatic hypotension; syncope; presyncope; palpitations; tachycardia;
bradycardia; sinus tachycardia; sinus bradycardia; atrial fibrillation; atrial flutter; supraventricular tachycardia;
ventricular tachycardia; ventricular fibrillation; heart block; complete heart block; first degree av block;
second degree av block; long qt syndrome; wolff-parkinson-white syndrome; sick sinus syndrome; cardiac arrest;
sudden cardiac death; coronary artery disease; acute coronary syndrome; unstable angina; stable angina; angina;
myocardial infarction; stemi; nstemi; ischemic cardiomyopathy; dilated cardiomyopathy; hypertrophic cardiomyopathy;
restrictive cardiomyopathy; takotsubo cardiomyopathy; heart failure; congestive heart failure;
heart failure with reduced ejection fraction; heart failure with preserved ejection fraction; cardiogenic shock;
aortic stenosis; aortic regurgitation; mitral stenosis; mitral regurgitation; mitral valve prolapse;
tricuspid regurgitation; pulmonic stenosis; endocarditis; infective endocarditis; myocarditis; pericarditis;
pericardial effusion; cardiac tamponade; left ventricular hypertrophy; pulmonary hypertension; cor pulmonale;
atrial septal defect; ventricular septal defect; patent foramen ovale; congenital heart disease; asthma;
asthma exacerbation; chronic obstructive pulmonary disease; copd exacerbation; emphysema; chronic bronchitis;
bronchiectasis; bronchiolitis; bronchitis; pneumonia; community-acquired pneumonia; hospital-acquired pneumonia;
aspiration pneumonia; ventilator-associated pneumonia; viral pneumonia; lung abscess; empyema; pleural effusion;
pneumothorax; tension pneumothorax; hemothorax; atelectasis; pulmonary edema; acute respiratory distress syndrome;
respiratory failure; hypoxemia; hypercapnia; hypoxia; interstitial lung disease; idiopathic pulmonary fibrosis;
pulmonary fibrosis; sarcoidosis; pulmonary nodule; lung nodule; lung mass; lung cancer; non-small cell lung cancer;
small cell lung cancer; mesothelioma; tuberculosis; latent tuberculosis; obstructive sleep apnea; sleep apnea;
cystic fibrosis; pulmonary infarction; ground-glass opacity; consolidation; tree-in-bud opacities; cavitation;
gastroesophageal reflux disease; gerd; esophagitis; barrett esophagus; esophageal stricture; achalasia;
esophageal varices; esophageal cancer; gastritis; peptic ulcer disease; gastric ulcer; duodenal ulcer;
gastrointestinal bleeding; upper gastrointestinal bleeding; lower gastrointestinal bleeding; gastroparesis;
gastric cancer; small bowel obstruction; large bowel obstruction; bowel obstruction; ileus; volvulus;
intussusception; appendicitis; diverticulosis; diverticulitis; colitis; ulcerative colitis; crohn disease;
crohn's disease; inflammatory bowel disease; irritable bowel syndrome; celiac disease; clostridioides difficile infection;
c. difficile colitis; ischemic colitis; mesenteric ischemia; colon cancer; colorectal cancer; rectal cancer;
colon polyp; colonic polyp; adenomatous polyp; hemorrhoids; anal fissure; perianal abscess; anal fistula;
hernia; inguinal hernia; umbilical hernia; incisional hernia; hiatal hernia; ventral hernia; cirrhosis;
liver cirrhosis; hepatitis; hepatitis a; hepatitis b; hepatitis c; alcoholic hepatitis; autoimmune hepatitis;
fatty liver; hepatic steatosis; nonalcoholic fatty liver disease; nonalcoholic steatohepatitis; liver failure;
acute liver failure; hepatic encephalopathy; ascites; portal hypertension; portal vein thrombosis; hepatomegaly;
splenomegaly; hepatosplenomegaly; hepatocellular carcinoma; liver metastases; liver mass; liver lesion;
hepatic cyst; hemangioma; cholelithiasis; gallstones; cholecystitis; choledocholithiasis; cholangitis;
primary biliary cholangitis; primary sclerosing cholangitis; biliary obstruction; obstructive jaundice; jaundice;
pancreatitis; acute pancreatitis; chronic pancreatitis; pancreatic pseudocyst; pancreatic cancer; pancreatic mass;
exocrine pancreatic insufficiency; peritonitis; intra-abdominal abscess; pneumoperitoneum; free air; stroke;
ischemic stroke; hemorrhagic stroke; transient ischemic attack; intracerebral hemorrhage; subarachnoid hemorrhage;
subdural hematoma; epidural hematoma; cerebral aneurysm; cerebral edema; hydrocephalus; normal pressure hydrocephalus;
brain tumor; glioblastoma; glioma; meningioma; brain metastases; seizure; seizures; epilepsy; status epilepticus;
migraine; tension headache; cluster headache; dementia; alzheimer disease; alzheimer's disease; vascular dementia;
delirium; encephalopathy; parkinson disease; parkinson's disease; multiple sclerosis; amyotrophic lateral sclerosis;
myasthenia gravis; guillain-barre syndrome; peripheral neuropathy; diabetic neuropathy; neuropathy; radiculopathy;
sciatica; spinal stenosis; cervical myelopathy; cauda equina syndrome; bell palsy; trigeminal neuralgia;
restless legs syndrome; essential tremor; tremor; vertigo; dizziness; meningitis; encephalitis; brain abscess;
concussion; traumatic brain injury; spinal cord injury; aphasia; dysarthria; dysphagia; hemiparesis; hemiplegia;
paraplegia; quadriplegia; facial droop; weakness; numbness; paresthesia; ataxia; altered mental status; confusion;
lethargy; coma; depression; major depressive disorder; anxiety; generalized anxiety disorder; panic disorder;
bipolar disorder; schizophrenia; schizoaffective disorder; psychosis; post-traumatic stress disorder; ptsd;
obsessive-compulsive disorder; attention deficit hyperactivity disorder; adhd; autism spectrum disorder; insomnia;
alcohol use disorder; alcohol abuse; alcohol withdrawal; delirium tremens; opioid use disorder; opioid overdose;
substance use disorder; tobacco use; smoking; nicotine dependence; suicidal ideation; suicide attempt; eating disorder;
anorexia nervosa; bulimia nervosa; rheumatoid arthritis; osteoarthritis; psoriatic arthritis; ankylosing spondylitis;
gout; pseudogout; septic arthritis; systemic lupus erythematosus; lupus; sjogren syndrome; scleroderma;
systemic sclerosis; polymyalgia rheumatica; fibromyalgia; bursitis; tendinitis; rotator cuff tear; carpal tunnel syndrome;
plantar fasciitis; osteomyelitis; cellulitis; abscess; skin abscess; necrotizing fasciitis; wound infection;
surgical site infection; pressure ulcer; pressure injury; decubitus ulcer; diabetic foot ulcer; venous ulcer;
psoriasis; eczema; atopic dermatitis; contact dermatitis; urticaria; rash; pruritus; herpes zoster; shingles;
herpes simplex; melanoma; basal cell carcinoma; squamous cell carcinoma; actinic keratosis; seborrheic keratosis;
sepsis; septic shock; bacteremia; fungemia; urinary tract infection; upper respiratory infection;
influenza; covid-19; sars-cov-2 infection; hiv; hiv infection; aids; syphilis; gonorrhea; chlamydia; lyme disease;
mrsa infection; vre infection; candidiasis; oral thrush; fungal infection; breast cancer; ductal carcinoma in situ;
invasive ductal carcinoma; breast mass; fibroadenoma; prostate cancer; bladder cancer; ovarian cancer; ovarian cyst;
cervical cancer; endometrial cancer; uterine fibroids; endometriosis; polycystic ovary syndrome; menorrhagia;
postmenopausal bleeding; pelvic inflammatory disease; ectopic pregnancy; preeclampsia; eclampsia; placenta previa;
placental abruption; preterm labor; miscarriage; lymphoma; hodgkin lymphoma; non-hodgkin lymphoma; leukemia;
acute myeloid leukemia; acute lymphoblastic leukemia; chronic lymphocytic leukemia; chronic myeloid leukemia;
multiple myeloma; myelodysplastic syndrome; metastatic disease; metastasis; metastases; bone metastases;
lymphadenopathy; mediastinal lymphadenopathy; adenopathy; mass; tumor; neoplasm; malignancy; carcinoma; sarcoma;
cyst; nodule; lesion; fracture; hip fracture; femoral neck fracture; vertebral compression fracture; compression fracture;
rib fracture; rib fractures; pelvic fracture; wrist fracture; ankle fracture; skull fracture; dislocation; sprain;
strain; contusion; laceration; abrasion; hematoma; burn; fall; falls; trauma; chest wall pain; low back pain;
neck pain; joint pain; knee pain; hip pain; shoulder pain; arthralgia; myalgia; muscle weakness; fatigue; malaise;
weight loss; weight gain; night sweats; anorexia; poor appetite; edema; leg swelling; lower extremity edema;
peripheral edema; anasarca; cyanosis; pallor; diaphoresis; orthopnea; paroxysmal nocturnal dyspnea; dyspnea on exertion;
chest tightness; heartburn; dyspepsia; abdominal distension; bloating; hematemesis; hematochezia; bright red blood per rectum;
rectal bleeding; epistaxis; hemoptysis; sore throat; pharyngitis; tonsillitis; sinusitis; otitis media; otitis externa;
conjunctivitis; glaucoma; cataract; macular degeneration; diabetic retinopathy; retinal detachment; blurred vision;
vision loss; diplopia; hearing loss; tinnitus; rhinorrhea; nasal congestion; hoarseness; dysphonia; odynophagia;
lymphedema; hyperlipidemia; hypercholesterolemia; dyslipidemia; hypertriglyceridemia; elevated liver enzymes;
transaminitis; hyperbilirubinemia; elevated creatinine; proteinuria; microalbuminuria; pyuria; bacteriuria;
elevated troponin; elevated lactate; anion gap acidosis; allergy; drug allergy; penicillin allergy; anaphylaxis;
angioedema; pulmonary contusion; splenic laceration; liver laceration; free fluid; hemoperitoneum; pneumomediastinum;
subcutaneous emphysema; small vessel ischemic disease; white matter disease; chronic microvascular ischemic changes;
cerebral atrophy; encephalomalacia; lacunar infarct; infarct; infarction; ischemia; hemorrhage; bleeding; thrombus;
embolus; occlusion; stenosis; aneurysm; dissection; effusion; edema; inflammation; infection; obstruction; perforation;
fistula; stricture; calcification; calcifications; degenerative changes; degenerative disc disease; disc herniation;
spondylosis; spondylolisthesis; scoliosis; kyphosis; osteophytes; joint effusion; meniscal tear; ligament tear;
anterior cruciate ligament tear; achilles tendon rupture; cardiomegaly; pulmonary vascular congestion; interstitial edema;
airspace disease; airspace opacity; opacity; infiltrate; infiltrates; nodular opacity; mass lesion; enhancing lesion;
hypodense lesion; hyperdense lesion; space-occupying lesion; midline shift; mass effect; herniation;
""")

ANATOMY = words("""
right atrium; left atrium; right ventricle; left ventricle; interventricular septum; mitral valve; aortic valve;
tricuspid valve; pulmonic valve; pulmonary valve; coronary artery; left anterior descending artery; circumflex artery;
right coronary artery; left main coronary artery; ascending aorta; aortic arch; descending aorta; thoracic aorta;
abdominal aorta; superior vena cava; inferior vena cava; pulmonary artery; pulmonary arteries; pulmonary veins;
subclavian artery; subclavian vein; internal jugular vein; jugular vein; common carotid artery; internal carotid artery;
external carotid artery; vertebral artery; basilar artery; middle cerebral artery; anterior cerebral artery;
posterior cerebral artery; circle of willis; brachial artery; radial artery; ulnar artery; femoral artery;
common femoral artery; superficial femoral artery; popliteal artery; posterior tibial artery; dorsalis pedis artery;
iliac artery; common iliac artery; external iliac artery; internal iliac artery; renal artery; renal vein;
celiac artery; superior mesenteric artery; inferior mesenteric artery; portal vein; hepatic vein; hepatic artery;
splenic artery; splenic vein; femoral vein; popliteal vein; great saphenous vein; saphenous vein; axillary vein;
cephalic vein; basilic vein; brachiocephalic vein; azygos vein; frontal lobe; parietal lobe; temporal lobe;
occipital lobe; insula; thalamus; hypothalamus; pituitary gland; pineal gland; brainstem; midbrain; pons; medulla;
corpus callosum; lateral ventricle; lateral ventricles; third ventricle; fourth ventricle; hippocampus; amygdala;
caudate nucleus; putamen; internal capsule; white matter; gray matter; cerebral cortex; cerebral hemisphere;
left hemisphere; right hemisphere; meninges; dura mater; subarachnoid space; spinal cord; conus medullaris;
cauda equina; nerve root; nerve roots; cervical cord; thoracic cord; sacrum; coccyx; sacroiliac joint;
vertebral body; vertebral bodies; intervertebral disc; spinous process; transverse process; facet joint; pedicle;
lamina; foramen; neural foramen; spinal canal; c1; c2; c3; c4; c5; c6; c7; t1; t2; t3; t4; t5; t6; t7; t8; t9; t10;
t11; t12; l1; l2; l3; l4; l5; s1; s2; orbit; orbits; globe; optic nerve; lens; retina; cornea; sclera; conjunctiva;
maxillary sinus; frontal sinus; ethmoid sinus; sphenoid sinus; paranasal sinuses; nasal cavity; nasopharynx;
oropharynx; hypopharynx; larynx; epiglottis; vocal cords; tongue; tonsil; tonsils; parotid gland; submandibular gland;
salivary gland; mandible; maxilla; temporomandibular joint; mastoid; inner ear; middle ear; tympanic membrane;
thyroid gland; thyroid lobe; parathyroid gland; carina; main bronchus; right main bronchus; left main bronchus;
bronchi; bronchioles; alveoli; lingula; hilum; hila; pulmonary hilum; apex; lung apex; lung base; lung bases;
costophrenic angle; diaphragm; hemidiaphragm; right hemidiaphragm; left hemidiaphragm; chest wall; thoracic cavity;
pleural space; pericardial sac; thymus; axilla; axillary lymph nodes; supraclavicular lymph nodes; hilar lymph nodes;
mediastinal lymph nodes; cervical lymph nodes; inguinal lymph nodes; retroperitoneal lymph nodes; mesenteric lymph nodes;
para-aortic lymph nodes; peritoneum; peritoneal cavity; retroperitoneum; omentum; mesentery; abdominal wall;
gastroesophageal junction; gastric fundus; gastric antrum; pylorus; jejunum; ileum; terminal ileum; ileocecal valve;
cecum; ascending colon; hepatic flexure; transverse colon; splenic flexure; descending colon; sigmoid colon;
rectosigmoid; anus; anal canal; liver segment; right lobe of the liver; left lobe of the liver; caudate lobe;
hepatic segment; biliary tree; bile duct; bile ducts; intrahepatic bile ducts; cystic duct; common hepatic duct;
ampulla of vater; pancreatic head; pancreatic body; pancreatic tail; pancreatic duct; uncinate process;
adrenal glands; right adrenal gland; left adrenal gland; renal pelvis; renal cortex; ureter; ureters; right ureter;
left ureter; urethra; urinary bladder; seminal vesicles; testis; testes; scrotum; epididymis; penis; vagina; cervix;
endometrium; myometrium; fallopian tube; fallopian tubes; adnexa; placenta; umbilicus; groin; inguinal canal;
perineum; buttock; gluteal region; thigh; calf; lower leg; upper arm; forearm; finger; fingers; thumb; toe; toes;
great toe; heel; palm; sole; scalp; forehead; face; cheek; chin; jaw; lip; lips; nose; mouth; teeth; gums; throat;
back; lower back; upper back; flank; right flank; left flank; right upper quadrant; left upper quadrant;
right lower quadrant; left lower quadrant; epigastrium; epigastric region; periumbilical region; suprapubic region;
hypogastrium; lower extremity; upper extremity; lower extremities; upper extremities; right leg; left leg; right arm;
left arm; right hand; left hand; right foot; left foot; right knee; left knee; right hip; left hip; right shoulder;
left shoulder; acetabulum; femoral head; femoral neck; greater trochanter; patella; tibial plateau; medial malleolus;
lateral malleolus; calcaneus; talus; metatarsal; metatarsals; phalanx; phalanges; carpal bones; scaphoid; metacarpal;
metacarpals; olecranon; humeral head; glenoid; scapula; acromion; acromioclavicular joint; rotator cuff;
anterior cruciate ligament; posterior cruciate ligament; medial collateral ligament; meniscus; medial meniscus;
lateral meniscus; achilles tendon; quadriceps tendon; patellar tendon; biceps tendon; deltoid; pectoralis major;
latissimus dorsi; psoas muscle; iliopsoas; gluteus medius; hamstrings; quadriceps; gastrocnemius; soleus;
paraspinal muscles; erector spinae; sternocleidomastoid; trapezius; abdominal muscles; rectus abdominis;
pelvic floor; iliac crest; iliac bone; ischium; pubis; pubic symphysis; sacral spine; vertebra; vertebrae;
skin and subcutaneous tissue; subcutaneous tissue; soft tissue; soft tissues; bone marrow cavity; cortex; medulla oblongata;
""")

TESTS = words("""
basic metabolic panel; bmp; comprehensive metabolic panel; cmp; liver function tests; lfts; renal function tests;
lipid panel; coagulation panel; prothrombin time; pt; partial thromboplastin time; aptt; fibrinogen; anti-xa level;
mean corpuscular volume; mcv; mch; mchc; red cell distribution width; rdw; red blood cell count; rbc;
reticulocyte count; absolute neutrophil count; anc; neutrophils; lymphocytes; monocytes; eosinophils; basophils;
bands; differential; peripheral blood smear; blood smear; iron studies; serum iron; tibc; transferrin saturation;
vitamin b12 level; folate level; haptoglobin; ldh; lactate dehydrogenase; uric acid; calcium; ionized calcium;
magnesium; phosphorus; phosphate; total protein; globulin; ggt; gamma-glutamyl transferase; direct bilirubin;
indirect bilirubin; total bilirubin; ammonia; ck; creatine kinase; ck-mb; myoglobin; nt-probnp; procalcitonin;
arterial blood gas; abg; venous blood gas; vbg; ph; pco2; po2; base excess; anion gap; serum osmolality;
urine osmolality; urine sodium; urine creatinine; urine protein; urine protein to creatinine ratio;
urine albumin to creatinine ratio; 24-hour urine protein; urine drug screen; urine toxicology; serum toxicology;
blood alcohol level; ethanol level; acetaminophen level; salicylate level; digoxin level; vancomycin trough;
lithium level; free t4; free t3; t3; t4; cortisol; acth; prolactin; fsh; lh; estradiol level; testosterone level;
pth; parathyroid hormone; 25-hydroxyvitamin d; vitamin d level; insulin level; c-peptide; fructosamine;
fasting glucose; fasting blood glucose; random glucose; oral glucose tolerance test; fingerstick glucose;
point-of-care glucose; beta-hcg; hcg; pregnancy test; urine pregnancy test; cea; ca 19-9; ca-125; ca 15-3; afp;
alpha-fetoprotein; beta-2 microglobulin; serum protein electrophoresis; spep; upep; free light chains;
immunoglobulins; ana; antinuclear antibody; rheumatoid factor; anti-ccp; anti-dsdna; complement levels; c3; c4;
anca; hla-b27; antiphospholipid antibodies; lupus anticoagulant; blood type; type and screen; type and cross;
direct coombs test; hepatitis panel; hepatitis b surface antigen; hepatitis c antibody; hiv viral load; cd4 count;
rpr; vdrl; quantiferon; tuberculin skin test; ppd; sputum culture; sputum gram stain; afb smear; wound culture;
stool culture; stool ova and parasites; c. difficile toxin; fecal occult blood test; fecal immunochemical test;
stool guaiac; throat culture; rapid strep test; respiratory viral panel; rsv test; covid-19 test; sars-cov-2 pcr;
covid-19 antigen test; csf analysis; cerebrospinal fluid analysis; csf culture; pleural fluid analysis;
ascitic fluid analysis; synovial fluid analysis; gram stain; culture and sensitivity; susceptibility testing;
biopsy result; pathology; cytology; pap smear; hpv test; genetic testing; karyotype; flow cytometry;
ct scan; ct head; head ct; ct of the head; ct chest; chest ct; ct of the chest; ct abdomen; ct of the abdomen;
ct abdomen and pelvis; ct of the abdomen and pelvis; ct angiography; cta; ct pulmonary angiography; ctpa;
ct angiogram; noncontrast ct; contrast-enhanced ct; low-dose ct; ct colonography; mri brain; brain mri;
mri of the brain; mri spine; mri of the spine; lumbar spine mri; cervical spine mri; mri abdomen; mri pelvis;
mri knee; mri shoulder; cardiac mri; mra; magnetic resonance angiography; mrcp; functional mri; diffusion-weighted imaging;
abdominal ultrasound; renal ultrasound; pelvic ultrasound; transvaginal ultrasound; obstetric ultrasound;
thyroid ultrasound; carotid ultrasound; carotid doppler; venous doppler; duplex ultrasound; lower extremity doppler;
right upper quadrant ultrasound; breast ultrasound; scrotal ultrasound; transthoracic echocardiogram; tte;
transesophageal echocardiogram; tee; stress echocardiogram; nuclear stress test; myocardial perfusion imaging;
holter monitor; event monitor; telemetry; exercise stress test; coronary angiography; coronary angiogram;
cardiac catheterization report; ankle-brachial index; abi; pulmonary function tests; pfts; spirometry; fev1; fvc;
dlco; peak flow; six-minute walk test; sleep study; polysomnography; abdominal x-ray; kub; x-ray of the chest;
chest radiograph; chest film; cxr; pa and lateral chest x-ray; portable chest x-ray; radiograph; radiographs;
plain film; plain films; skeletal survey; bone scan; pet/ct; fdg pet; dexa scan; dxa; fluoroscopy; barium swallow;
upper gi series; small bowel follow-through; barium enema; hida scan; v/q scan; ventilation perfusion scan;
nerve conduction study; electromyography; emg; visual field test; audiogram; tympanometry; urodynamic study;
cystoscopy report; mammography; screening mammogram; diagnostic mammogram; tomosynthesis; breast mri;
glasgow coma scale; gcs; nihss; pain score; bmi; body mass index; weight; height; pulse; pulse oximetry; spo2;
systolic blood pressure; diastolic blood pressure; mean arterial pressure; central venous pressure; urine output;
capillary refill; qt interval; qtc; pr interval; qrs duration; left ventricular ejection fraction; lvef;
""")

PROCEDURES = words("""
upper endoscopy; egd; esophagogastroduodenoscopy; sigmoidoscopy; flexible sigmoidoscopy; ercp; eus;
endoscopic ultrasound; capsule endoscopy; polypectomy; banding; variceal banding; sclerotherapy; peg tube placement;
percutaneous endoscopic gastrostomy; gastrostomy; jejunostomy; colostomy; ileostomy; ostomy reversal; hemicolectomy;
right hemicolectomy; left hemicolectomy; sigmoid colectomy; low anterior resection; abdominoperineal resection;
whipple procedure; pancreaticoduodenectomy; distal pancreatectomy; hepatectomy; partial hepatectomy; liver transplant;
liver transplantation; kidney transplant; renal transplant; heart transplant; lung transplant; bone marrow transplant;
stem cell transplant; gastrectomy; sleeve gastrectomy; gastric bypass; roux-en-y gastric bypass; fundoplication;
nissen fundoplication; esophagectomy; hernia repair; inguinal hernia repair; ventral hernia repair; herniorrhaphy;
exploratory laparotomy; laparotomy; laparoscopy; diagnostic laparoscopy; laparoscopic cholecystectomy;
laparoscopic appendectomy; adhesiolysis; small bowel resection; bowel resection; anastomosis; drainage;
incision and drainage; percutaneous drainage; drain placement; abscess drainage; chest tube placement; chest tube;
pleurodesis; video-assisted thoracoscopic surgery; vats; lobectomy; pneumonectomy; wedge resection; segmentectomy;
thoracotomy; sternotomy; median sternotomy; mediastinoscopy; endobronchial ultrasound; ebus; transbronchial biopsy;
ct-guided biopsy; ultrasound-guided biopsy; fine needle aspiration; fna; core needle biopsy; excisional biopsy;
incisional biopsy; punch biopsy; shave biopsy; skin biopsy; liver biopsy; kidney biopsy; renal biopsy; lung biopsy;
breast biopsy; prostate biopsy; lymph node biopsy; sentinel lymph node biopsy; axillary lymph node dissection;
lymph node dissection; neck dissection; thyroid biopsy; bone biopsy; muscle biopsy; nerve biopsy; temporal artery biopsy;
endometrial biopsy; cervical biopsy; colposcopy; loop electrosurgical excision procedure; leep; dilation and curettage;
d&c; myomectomy; oophorectomy; salpingectomy; salpingo-oophorectomy; bilateral salpingo-oophorectomy;
tubal ligation; vasectomy; orchiectomy; circumcision; cystoscopy; ureteroscopy; lithotripsy;
extracorporeal shock wave lithotripsy; percutaneous nephrolithotomy; nephrostomy; nephrostomy tube placement;
ureteral stent placement; turp; transurethral resection of the prostate; transurethral resection of bladder tumor;
cystectomy; radical prostatectomy; partial nephrectomy; radical nephrectomy; adrenalectomy; parathyroidectomy;
total thyroidectomy; hemithyroidectomy; tonsillectomy; adenoidectomy; septoplasty; sinus surgery;
functional endoscopic sinus surgery; tympanostomy; cochlear implant; cataract surgery; cataract extraction;
vitrectomy; trabeculectomy; laser photocoagulation; intravitreal injection; lasik; total knee arthroplasty;
total hip arthroplasty; knee arthroplasty; hip arthroplasty; shoulder arthroplasty; arthroplasty; arthroscopy;
knee arthroscopy; shoulder arthroscopy; rotator cuff repair; acl reconstruction; meniscectomy; open reduction and internal fixation;
orif; closed reduction; external fixation; intramedullary nailing; spinal fusion; lumbar fusion; cervical fusion;
anterior cervical discectomy and fusion; acdf; discectomy; microdiscectomy; kyphoplasty; vertebroplasty;
laminotomy; foraminotomy; carpal tunnel release; trigger finger release; tendon repair; fasciotomy; debridement;
wound debridement; skin graft; flap reconstruction; breast reconstruction; breast augmentation; reduction mammoplasty;
below-knee amputation; above-knee amputation; toe amputation; craniectomy; ventriculoperitoneal shunt; vp shunt;
external ventricular drain; burr hole; deep brain stimulation; aneurysm clipping; aneurysm coiling; thrombectomy;
mechanical thrombectomy; thrombolysis; carotid endarterectomy; carotid stenting; endarterectomy; bypass graft;
femoral-popliteal bypass; aortobifemoral bypass; endovascular aneurysm repair; evar; tevar; aortic valve replacement;
tavr; transcatheter aortic valve replacement; mitral valve repair; mitral valve replacement; valve replacement;
pci; coronary stent placement; balloon angioplasty; atherectomy; ablation; catheter ablation; pulmonary vein isolation;
cardioversion; electrical cardioversion; defibrillation; icd placement; implantable cardioverter-defibrillator placement;
pacemaker implantation; loop recorder implantation; left atrial appendage closure; pericardiocentesis; pericardial window;
intra-aortic balloon pump; ecmo; extracorporeal membrane oxygenation; cardiopulmonary resuscitation; cpr;
endotracheal intubation; extubation; bronchoalveolar lavage; bal; noninvasive ventilation; bipap; cpap;
high-flow nasal cannula; oxygen therapy; nebulizer treatment; arterial line placement; central venous catheter placement;
picc line placement; picc placement; port placement; dialysis catheter placement; av fistula creation; arteriovenous fistula;
peritoneal dialysis; continuous renal replacement therapy; crrt; plasmapheresis; plasma exchange; apheresis;
paracentesis procedure; therapeutic paracentesis; diagnostic paracentesis; thoracentesis procedure; arthrocentesis;
joint aspiration; joint injection; steroid injection; epidural steroid injection; nerve block; epidural anesthesia;
spinal anesthesia; general anesthesia; conscious sedation; moderate sedation; foley catheter placement;
urinary catheterization; nasogastric tube placement; ng tube; feeding tube placement; tpn; total parenteral nutrition;
enteral feeding; tube feeding; blood draw; venipuncture; iv placement; immunization; vaccination; physical therapy;
occupational therapy; speech therapy; cardiac rehabilitation; pulmonary rehabilitation; wound care; suture repair;
laceration repair; splinting; casting; immobilization; brachytherapy; stereotactic radiosurgery; sbrt;
stereotactic body radiation therapy; proton therapy; immunotherapy; targeted therapy; hormone therapy;
androgen deprivation therapy; adjuvant chemotherapy; neoadjuvant chemotherapy; chemoradiation; concurrent chemoradiation;
radiofrequency ablation; microwave ablation; cryoablation; transarterial chemoembolization; tace; embolization;
uterine artery embolization; ivc filter placement; tips; transjugular intrahepatic portosystemic shunt;
electroconvulsive therapy; ect; psychotherapy; cognitive behavioral therapy; detoxification; dental extraction;
tooth extraction; root canal; hemorrhoidectomy; fistulotomy; pilonidal cyst excision; lipoma excision; mohs surgery;
cyst excision; mass excision; wide local excision; partial mastectomy; modified radical mastectomy; total mastectomy;
""")

# Rules: a site with the findings radiology and clinical notes attach to it.
SITES_FINDINGS = {
    "lung": ["nodule", "mass", "cancer", "metastasis", "metastases", "lesion", "abscess", "cyst", "infiltrate", "opacity"],
    "liver": ["lesion", "lesions", "mass", "cyst", "abscess", "metastasis", "metastases", "nodule", "injury"],
    "kidney": ["mass", "cyst", "lesion", "stone", "injury", "infarct", "cancer"],
    "renal": ["mass", "cyst", "lesion", "calculus", "calculi", "insufficiency", "infarct"],
    "adrenal": ["mass", "nodule", "adenoma", "lesion", "hemorrhage"],
    "pancreatic": ["lesion", "cyst", "duct dilatation", "necrosis"],
    "splenic": ["lesion", "cyst", "infarct", "rupture"],
    "thyroid": ["mass", "cyst", "lesion", "enlargement"],
    "breast": ["lesion", "cyst", "calcifications", "nodule", "pain", "abscess"],
    "ovarian": ["mass", "torsion", "lesion", "neoplasm"],
    "bone": ["lesion", "lesions", "pain", "metastasis", "infarct", "cyst"],
    "brain": ["mass", "lesion", "lesions", "hemorrhage", "edema", "abscess", "injury", "atrophy"],
    "spinal": ["cord compression", "cord injury", "fracture", "metastasis"],
    "adnexal": ["mass", "cyst", "lesion"],
    "bladder": ["mass", "wall thickening", "tumor", "outlet obstruction", "distension"],
    "prostate": ["enlargement", "nodule"],
    "gallbladder": ["wall thickening", "polyp", "sludge", "distension"],
    "bowel": ["wall thickening", "dilatation", "perforation", "ischemia"],
    "colonic": ["wall thickening", "mass", "diverticula", "obstruction"],
    "gastric": ["mass", "outlet obstruction", "distension", "varices"],
    "esophageal": ["mass", "wall thickening", "perforation"],
    "pleural": ["thickening", "plaques", "mass", "nodules", "fluid"],
    "pericardial": ["thickening", "fluid"],
    "mediastinal": ["mass", "widening", "hematoma"],
    "hilar": ["mass", "adenopathy", "lymphadenopathy"],
    "axillary": ["lymphadenopathy", "mass", "adenopathy"],
    "cervical": ["lymphadenopathy", "adenopathy", "radiculopathy", "stenosis", "spondylosis"],
    "lumbar": ["radiculopathy", "stenosis", "spondylosis", "strain"],
    "retroperitoneal": ["lymphadenopathy", "hematoma", "mass", "fibrosis"],
    "soft tissue": ["mass", "swelling", "infection", "edema"],
    "skin": ["lesion", "lesions", "ulcer", "infection"],
    "abdominal": ["mass", "wall hernia", "tenderness", "guarding"],
    "pelvic": ["mass", "pain", "fluid", "abscess"],
    "scrotal": ["pain", "swelling", "mass"],
    "testicular": ["mass", "pain", "swelling"],
    "foot": ["pain", "ulcer", "infection", "swelling"],
    "hand": ["pain", "swelling", "numbness"],
    "eye": ["pain", "redness", "swelling"],
    "ear": ["pain", "infection", "discharge"],
    "flank": ["pain", "tenderness"],
    "epigastric": ["pain", "tenderness"],
    "calf": ["pain", "swelling", "tenderness"],
    "elbow": ["pain", "swelling"],
    "wrist": ["pain", "swelling"],
    "ankle": ["pain", "swelling"],
    "groin": ["pain", "swelling", "mass"],
}
FRACTURE_SITES = words("""femur; femoral shaft; tibia; tibial plateau; fibula; humerus; humeral neck; radius; distal radius; ulna;
clavicle; scapula; sternum; vertebral; lumbar; thoracic; cervical; sacral; acetabular; pubic ramus; calcaneus; metatarsal;
metacarpal; scaphoid; orbital; nasal; mandible; maxillary; zygomatic; patellar; olecranon; odontoid""")
CANCER_SITES = words("""head and neck; oral; tongue; laryngeal; nasopharyngeal; thyroid; esophageal; gastric; stomach; small bowel;
colon; rectal; anal; liver; bile duct; gallbladder; pancreatic; kidney; renal pelvis; bladder; prostate; testicular; penile;
breast; ovarian; uterine; endometrial; cervical; vulvar; skin; bone; brain; lung; adrenal""")
ORGANS_ECTOMY = {"partial": ["nephrectomy", "cystectomy", "glossectomy", "colectomy", "gastrectomy", "mastectomy", "thyroidectomy"],
                 "total": ["colectomy", "gastrectomy", "hysterectomy", "laryngectomy", "pancreatectomy"],
                 "laparoscopic": ["hysterectomy", "nephrectomy", "colectomy", "splenectomy", "adrenalectomy", "gastrectomy"],
                 "robotic": ["prostatectomy", "hysterectomy", "nephrectomy"]}
IMAGING_SITES = words("""head; brain; neck; chest; abdomen; pelvis; abdomen and pelvis; cervical spine; thoracic spine; lumbar spine;
spine; shoulder; elbow; wrist; hand; hip; knee; ankle; foot; orbits; sinuses; facial bones; temporal bones; sacrum; femur;
tibia; humerus; extremity""")

# Words that are clinical terms only sometimes and ordinary words more often: left out.
AMBIGUOUS = {"pt", "back", "tips", "aids", "t3", "t4", "fall", "falls", "strain", "lens", "sole", "palm"} | {f"t{n}" for n in range(1, 13)}


def main():
    existing = set()
    for line in open("lexicon_en.tsv", encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            existing.add(line.split("\t")[0].lower())
    rows, seen = [], set(existing)
    def add(term, kind):
        key = term.lower()
        if key not in seen and key not in AMBIGUOUS:
            seen.add(key)
            rows.append((term, kind))
    for kind, terms in (("MEDICATION", MEDICATIONS + BRANDS), ("PROBLEM", PROBLEMS), ("ANATOMY", ANATOMY),
                        ("TEST", TESTS), ("PROCEDURE", PROCEDURES)):
        for t in terms:
            add(t, kind)
    for site, findings in SITES_FINDINGS.items():
        for f in findings:
            add(f"{site} {f}", "PROBLEM")
    for site in FRACTURE_SITES:
        add(f"{site} fracture", "PROBLEM")
    for site in CANCER_SITES:
        add(f"{site} cancer", "PROBLEM")
        add(f"{site} carcinoma", "PROBLEM")
    for prefix, ops in ORGANS_ECTOMY.items():
        for op in ops:
            add(f"{prefix} {op}", "PROCEDURE")
    for site in IMAGING_SITES:
        for modality in ("ct", "mri", "x-ray", "radiograph"):
            add(f"{modality} of the {site}", "TEST")
            add(f"{site} {modality}", "TEST")
    for side in ("right", "left", "bilateral"):
        for part in ("pleural effusion", "pleural effusions", "hydronephrosis", "lower extremity edema", "renal stones",
                     "hip fracture", "pneumothorax", "breast mass", "lung nodule", "adrenal nodule", "inguinal hernia",
                     "ovarian cyst", "knee effusion", "deep vein thrombosis"):
            add(f"{side} {part}", "PROBLEM")
    with open("lexicon_en_more.tsv", "w", encoding="utf-8") as out:
        out.write("# Sagitta English clinical lexicon, part 2: written for Sagitta by make_lexicon_en.py from its own\n")
        out.write("# word lists and combination rules (no third-party vocabulary). term<TAB>TYPE\n")
        for term, kind in rows:
            out.write(f"{term}\t{kind}\n")
    print(len(rows), "terms;", len(existing) + len(rows), "in all")

if __name__ == "__main__":
    main()
