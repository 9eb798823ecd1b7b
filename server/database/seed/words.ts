// The demo seed's vocabulary: names, places, industries, products and the fixed team.
import { cs_CZ, da, de, de_AT, de_CH, en_GB, es, fr, it, nl, pl, sv, tr } from '@faker-js/faker'
import type { LocaleDefinition } from '@faker-js/faker'
import type { ActivityType, Role } from '../../../shared/domain'

export type Sex = 'female' | 'male'
export type NameOrigin = 'de' | 'at' | 'ch' | 'tr' | 'pl' | 'it' | 'fr' | 'nl' | 'es' | 'gb' | 'dk' | 'se' | 'cz'

export const FAKER_LOCALES: Record<NameOrigin, LocaleDefinition> = {
  de, at: de_AT, ch: de_CH, tr, pl, it, fr, nl, es, gb: en_GB, dk: da, se: sv, cz: cs_CZ,
}

// Faker's German lists weigh rare surnames like common ones and first names are mostly
// baby names of today; a working-age sales contact list looks like this instead.
export const GERMAN_SURNAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier',
  'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber',
  'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert',
  'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz',
  'Baumann', 'Franke', 'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Martin',
  'Schumacher', 'Krämer', 'Vogt', 'Stein', 'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich',
  'Brandt', 'Haas', 'Schreiber', 'Graf', 'Schulte', 'Dietrich', 'Ziegler', 'Kuhn', 'Kühn', 'Pohl',
  'Engel', 'Horn', 'Busch', 'Bergmann', 'Thomas', 'Voigt', 'Sauer', 'Arnold', 'Wolff', 'Pfeiffer',
  'Förster', 'Götz', 'Büttner', 'Brückner', 'Nölle', 'Lüdtke', 'Strauß', 'Weißenborn', 'Rößler', 'Bähr',
] as const

export const GERMAN_FIRST_NAMES: Record<Sex, readonly string[]> = {
  female: [
    'Sabine', 'Claudia', 'Petra', 'Susanne', 'Andrea', 'Stefanie', 'Katrin', 'Nicole', 'Anja', 'Julia',
    'Christina', 'Kerstin', 'Birgit', 'Melanie', 'Sandra', 'Tanja', 'Martina', 'Anke', 'Silke', 'Heike',
    'Maren', 'Janina', 'Katharina', 'Lena', 'Sarah', 'Laura', 'Annika', 'Miriam', 'Franziska', 'Jana',
    'Bärbel', 'Jutta', 'Ulrike', 'Dörte', 'Kathrin', 'Verena', 'Lea', 'Sophie', 'Carina', 'Simone',
  ],
  male: [
    'Thomas', 'Michael', 'Andreas', 'Stefan', 'Christian', 'Markus', 'Frank', 'Martin', 'Matthias', 'Jürgen',
    'Jörg', 'Uwe', 'Ralf', 'Oliver', 'Sven', 'Tobias', 'Alexander', 'Daniel', 'Sebastian', 'Jan',
    'Florian', 'Dirk', 'Holger', 'Torsten', 'Björn', 'Sören', 'Günter', 'Jens', 'Kai', 'Timo',
    'Philipp', 'Benedikt', 'Lukas', 'Maximilian', 'Felix', 'Moritz', 'Niklas', 'Hendrik', 'Carsten', 'Bernd',
  ],
}

export interface City { name: string, postalCodes: readonly string[], area: string }
export const city = (name: string, postalCodes: string[], area: string): City => ({ name, postalCodes, area })

export interface CountryProfile {
  code: string
  dial: string
  tld: string
  /** Legal forms with weights, e.g. most German firms are a GmbH. */
  legalForms: ReadonlyArray<readonly [string, number]>
  cities: readonly City[]
  mobilePrefixes: readonly string[]
  /** Digits after the country code, for landlines and mobiles, and how they are usually grouped. */
  phoneDigits: { landline: number, mobile: number, grouping: 'none' | 'pairs' | 'swiss' | 'threes' }
  /** Where most employees' names come from, and who else works there. */
  names: ReadonlyArray<readonly [NameOrigin, number]>
  /** German-language company names (DACH) or English words with local surnames. */
  german: boolean
  regions: readonly string[]
}

export const COUNTRIES: ReadonlyArray<readonly [CountryProfile, number]> = [
  [{
    code: 'DE', dial: '49', tld: 'de', german: true, phoneDigits: { landline: 10, mobile: 11, grouping: 'none' },
    legalForms: [['GmbH', 50], ['GmbH & Co. KG', 18], ['AG', 11], ['KG', 6], ['SE', 3], ['e.K.', 3], ['UG (haftungsbeschränkt)', 3], ['OHG', 2]],
    cities: [
      city('Berlin', ['10115', '10178', '10557', '10719', '12099', '13353'], '30'), city('Hamburg', ['20095', '20354', '22041', '22767'], '40'),
      city('München', ['80331', '80335', '80799', '81379', '81671'], '89'), city('Köln', ['50667', '50823', '51063'], '221'),
      city('Frankfurt am Main', ['60311', '60486', '65929'], '69'), city('Stuttgart', ['70173', '70469', '70565'], '711'),
      city('Düsseldorf', ['40210', '40474', '40549'], '211'), city('Leipzig', ['04109', '04229', '04356'], '341'),
      city('Dortmund', ['44135', '44263'], '231'), city('Essen', ['45127', '45136'], '201'), city('Bremen', ['28195', '28217'], '421'),
      city('Dresden', ['01067', '01109'], '351'), city('Hannover', ['30159', '30519'], '511'), city('Nürnberg', ['90402', '90431'], '911'),
      city('Bielefeld', ['33602', '33719'], '521'), city('Bonn', ['53111', '53227'], '228'), city('Münster', ['48143', '48155'], '251'),
      city('Mannheim', ['68159', '68219'], '621'), city('Karlsruhe', ['76131', '76187'], '721'), city('Augsburg', ['86150', '86167'], '821'),
      city('Wiesbaden', ['65183', '65205'], '611'), city('Aachen', ['52062', '52068'], '241'), city('Freiburg im Breisgau', ['79098', '79111'], '761'),
      city('Kiel', ['24103'], '431'), city('Lübeck', ['23552'], '451'), city('Erfurt', ['99084'], '361'), city('Rostock', ['18055'], '381'),
      city('Mainz', ['55116'], '6131'), city('Kassel', ['34117'], '561'), city('Saarbrücken', ['66111'], '681'), city('Würzburg', ['97070'], '931'),
      city('Regensburg', ['93047'], '941'), city('Ulm', ['89073'], '731'), city('Heilbronn', ['74072'], '7131'), city('Göttingen', ['37073'], '551'),
      city('Osnabrück', ['49074'], '541'), city('Paderborn', ['33098'], '5251'), city('Ingolstadt', ['85049'], '841'), city('Wolfsburg', ['38440'], '5361'),
      city('Jena', ['07743'], '3641'), city('Gütersloh', ['33330'], '5241'), city('Böblingen', ['71032'], '7031'), city('Lüneburg', ['21335'], '4131'),
      city('Chemnitz', ['09111'], '371'), city('Magdeburg', ['39104'], '391'), city('Potsdam', ['14467'], '331'), city('Reutlingen', ['72764'], '7121'),
      city('Siegen', ['57072'], '271'), city('Schweinfurt', ['97421'], '9721'), city('Fürth', ['90762'], '911'),
    ],
    mobilePrefixes: ['151', '152', '157', '160', '162', '170', '171', '172', '173', '175', '176', '177', '178', '179'],
    names: [['de', 85], ['tr', 5], ['pl', 3], ['it', 3], ['gb', 2], ['fr', 1], ['nl', 1]],
    regions: ['Rhein-Main', 'Rheinland', 'Ruhr', 'Elbe', 'Weser', 'Isar', 'Alpen', 'Bodensee', 'Schwarzwald', 'Hanse', 'Taunus', 'Harz', 'Spree', 'Neckar', 'Allgäu', 'Eifel', 'Franken', 'Sauerland', 'Nordsee', 'Lausitz'],
  }, 66],
  [{
    code: 'AT', dial: '43', tld: 'at', german: true, phoneDigits: { landline: 10, mobile: 10, grouping: 'none' },
    legalForms: [['GmbH', 70], ['AG', 15], ['GmbH & Co KG', 10], ['KG', 5]],
    cities: [
      city('Wien', ['1010', '1030', '1100', '1220'], '1'), city('Graz', ['8010', '8020'], '316'), city('Linz', ['4020'], '732'),
      city('Salzburg', ['5020'], '662'), city('Innsbruck', ['6020'], '512'), city('Klagenfurt', ['9020'], '463'), city('Wels', ['4600'], '7242'),
    ],
    mobilePrefixes: ['650', '660', '664', '676', '699'],
    names: [['at', 80], ['de', 12], ['cz', 4], ['it', 4]],
    regions: ['Donau', 'Alpen', 'Tirol', 'Wienerwald', 'Salzach', 'Inntal'],
  }, 8],
  [{
    code: 'CH', dial: '41', tld: 'ch', german: true, phoneDigits: { landline: 9, mobile: 9, grouping: 'swiss' },
    legalForms: [['AG', 55], ['GmbH', 40], ['SA', 5]],
    cities: [
      city('Zürich', ['8001', '8005', '8048'], '44'), city('Basel', ['4051', '4057'], '61'), city('Bern', ['3011'], '31'),
      city('Luzern', ['6003'], '41'), city('St. Gallen', ['9000'], '71'), city('Winterthur', ['8400'], '52'), city('Zug', ['6300'], '41'),
    ],
    mobilePrefixes: ['76', '77', '78', '79'],
    names: [['ch', 75], ['de', 12], ['it', 6], ['fr', 7]],
    regions: ['Helvetia', 'Alpen', 'Limmat', 'Rhein', 'Jura', 'Säntis'],
  }, 8],
  [{
    code: 'NL', dial: '31', tld: 'nl', german: false, phoneDigits: { landline: 9, mobile: 9, grouping: 'threes' }, legalForms: [['B.V.', 85], ['N.V.', 15]],
    cities: [city('Amsterdam', ['1012 AB', '1043 DP'], '20'), city('Rotterdam', ['3011 AD'], '10'), city('Utrecht', ['3511 AX'], '30'), city('Eindhoven', ['5611 AZ'], '40'), city('Venlo', ['5911 AB'], '77')],
    mobilePrefixes: ['6'], names: [['nl', 85], ['de', 10], ['gb', 5]], regions: [],
  }, 4],
  [{
    code: 'FR', dial: '33', tld: 'fr', german: false, phoneDigits: { landline: 9, mobile: 9, grouping: 'pairs' }, legalForms: [['SAS', 60], ['SARL', 25], ['SA', 15]],
    cities: [city('Paris', ['75008', '75011', '75015'], '1'), city('Lyon', ['69002', '69007'], '4'), city('Strasbourg', ['67000'], '3'), city('Lille', ['59000'], '3'), city('Toulouse', ['31000'], '5')],
    mobilePrefixes: ['6', '7'], names: [['fr', 90], ['de', 5], ['es', 5]], regions: [],
  }, 3],
  [{
    code: 'IT', dial: '39', tld: 'it', german: false, phoneDigits: { landline: 10, mobile: 10, grouping: 'none' }, legalForms: [['S.r.l.', 75], ['S.p.A.', 25]],
    cities: [city('Milano', ['20121', '20154'], '02'), city('Torino', ['10121'], '011'), city('Bologna', ['40121'], '051'), city('Verona', ['37121'], '045'), city('Bolzano', ['39100'], '0471')],
    mobilePrefixes: ['320', '333', '347', '348', '366'], names: [['it', 90], ['de', 10]], regions: [],
  }, 3],
  [{
    code: 'PL', dial: '48', tld: 'pl', german: false, phoneDigits: { landline: 9, mobile: 9, grouping: 'threes' }, legalForms: [['Sp. z o.o.', 85], ['S.A.', 15]],
    cities: [city('Warszawa', ['00-001', '02-677'], '22'), city('Wrocław', ['50-001'], '71'), city('Poznań', ['61-001'], '61'), city('Kraków', ['31-001'], '12'), city('Gdańsk', ['80-001'], '58')],
    mobilePrefixes: ['501', '502', '512', '601', '602', '691', '731'], names: [['pl', 95], ['de', 5]], regions: [],
  }, 3],
  [{
    code: 'ES', dial: '34', tld: 'es', german: false, phoneDigits: { landline: 9, mobile: 9, grouping: 'threes' }, legalForms: [['S.L.', 75], ['S.A.', 25]],
    cities: [city('Madrid', ['28001', '28046'], '91'), city('Barcelona', ['08001', '08019'], '93'), city('Valencia', ['46001'], '96')],
    mobilePrefixes: ['6'], names: [['es', 95], ['gb', 5]], regions: [],
  }, 1],
  [{
    code: 'GB', dial: '44', tld: 'co.uk', german: false, phoneDigits: { landline: 10, mobile: 10, grouping: 'none' }, legalForms: [['Ltd', 85], ['PLC', 15]],
    cities: [city('London', ['EC2A 4NE', 'SE1 9SG', 'W1T 3JH'], '20'), city('Manchester', ['M1 1AE'], '161'), city('Birmingham', ['B1 1BB'], '121')],
    mobilePrefixes: ['7700', '7911', '7825'], names: [['gb', 90], ['fr', 5], ['it', 5]], regions: [],
  }, 2],
  [{
    code: 'DK', dial: '45', tld: 'dk', german: false, phoneDigits: { landline: 8, mobile: 8, grouping: 'pairs' }, legalForms: [['A/S', 60], ['ApS', 40]],
    cities: [city('København', ['1050', '2100'], '33'), city('Aarhus', ['8000'], '86'), city('Odense', ['5000'], '66')],
    mobilePrefixes: ['20', '30', '40', '50'], names: [['dk', 90], ['se', 5], ['de', 5]], regions: [],
  }, 1],
  [{
    code: 'SE', dial: '46', tld: 'se', german: false, phoneDigits: { landline: 9, mobile: 9, grouping: 'threes' }, legalForms: [['AB', 100]],
    cities: [city('Stockholm', ['111 21', '114 56'], '8'), city('Göteborg', ['411 05'], '31'), city('Malmö', ['211 20'], '40')],
    mobilePrefixes: ['70', '72', '73', '76'], names: [['se', 90], ['dk', 5], ['de', 5]], regions: [],
  }, 1],
  [{
    code: 'CZ', dial: '420', tld: 'cz', german: false, phoneDigits: { landline: 9, mobile: 9, grouping: 'threes' }, legalForms: [['s.r.o.', 80], ['a.s.', 20]],
    cities: [city('Praha', ['110 00', '160 00'], '2'), city('Brno', ['602 00'], '5'), city('Plzeň', ['301 00'], '37')],
    mobilePrefixes: ['602', '603', '724', '777'], names: [['cz', 90], ['de', 10]], regions: [],
  }, 1],
]

export interface Industry { name: string, de: readonly string[], en: readonly string[] }
export const INDUSTRIES: readonly Industry[] = [
  { name: 'Maschinenbau', de: ['Maschinenbau', 'Anlagenbau', 'Antriebstechnik', 'Fördertechnik'], en: ['Engineering', 'Machinery'] },
  { name: 'Automobilzulieferer', de: ['Automotive', 'Fahrzeugteile', 'Präzisionsteile'], en: ['Automotive', 'Components'] },
  { name: 'Logistik', de: ['Logistik', 'Spedition', 'Transporte', 'Lagerlogistik'], en: ['Logistics', 'Freight'] },
  { name: 'IT-Dienstleistungen', de: ['IT-Systemhaus', 'IT Services', 'Datentechnik', 'Netzwerktechnik'], en: ['IT Services', 'Systems'] },
  { name: 'Software', de: ['Software', 'Digital', 'Solutions'], en: ['Software', 'Digital'] },
  { name: 'Medizintechnik', de: ['Medizintechnik', 'Medical', 'Labortechnik'], en: ['Medical', 'Healthcare'] },
  { name: 'Pharma', de: ['Pharma', 'Arzneimittel'], en: ['Pharma', 'Life Sciences'] },
  { name: 'Chemie', de: ['Chemie', 'Spezialchemie', 'Lacke'], en: ['Chemicals', 'Coatings'] },
  { name: 'Elektrotechnik', de: ['Elektrotechnik', 'Elektronik', 'Schaltanlagen'], en: ['Electronics', 'Electric'] },
  { name: 'Energieversorgung', de: ['Energie', 'Solartechnik', 'Energietechnik'], en: ['Energy', 'Power'] },
  { name: 'Bauwesen', de: ['Bau', 'Hochbau', 'Baustoffe', 'Bauunternehmung'], en: ['Construction', 'Building'] },
  { name: 'Großhandel', de: ['Handel', 'Großhandel', 'Handelshaus'], en: ['Trading', 'Distribution'] },
  { name: 'Lebensmittel', de: ['Feinkost', 'Lebensmittel', 'Backwaren', 'Molkerei'], en: ['Foods', 'Food Group'] },
  { name: 'Unternehmensberatung', de: ['Consulting', 'Beratung', 'Partner'], en: ['Consulting', 'Advisory'] },
  { name: 'Metallverarbeitung', de: ['Metallbau', 'Stahlbau', 'Blechtechnik', 'Gießerei'], en: ['Metals', 'Steel'] },
  { name: 'Kunststofftechnik', de: ['Kunststofftechnik', 'Kunststoffe', 'Spritzguss'], en: ['Plastics', 'Polymers'] },
  { name: 'Verpackung', de: ['Verpackungen', 'Packaging', 'Kartonagen'], en: ['Packaging'] },
  { name: 'Druck & Medien', de: ['Druckerei', 'Medien', 'Druck'], en: ['Print', 'Media'] },
  { name: 'Möbel & Einrichtung', de: ['Möbelwerke', 'Objekteinrichtung'], en: ['Furniture', 'Interiors'] },
  { name: 'Telekommunikation', de: ['Telekom', 'Kommunikationstechnik'], en: ['Telecom', 'Networks'] },
]

export const BRAND_HEADS = ['Techno', 'Inno', 'Proma', 'Vita', 'Nova', 'Tera', 'Vario', 'Prisma', 'Quanta', 'Sigma', 'Axio', 'Euro', 'Multi', 'Omni', 'Inter']
export const BRAND_TAILS = ['tec', 'tronic', 'form', 'plan', 'logic', 'sys', 'med', 'werk', 'line', 'data', 'pack', 'flex']

export const FREEMAIL = ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'outlook.de', 'posteo.de'] as const

export const TAGS: ReadonlyArray<readonly [string, number]> = [
  ['Entscheider', 14], ['Newsletter', 14], ['Bestandskunde', 12], ['Messe 2026', 9], ['VIP', 5], ['Partner', 6],
  ['Key Account', 5], ['Lead', 10], ['Webinar', 6], ['Empfehlung', 4], ['Hannover Messe', 4], ['Kaltakquise', 5],
]

/** [male, female] title pairs for German-speaking companies; English titles are common there too. */
export const POSITIONS_DE: ReadonlyArray<readonly [string, string, number]> = [
  ['Geschäftsführer', 'Geschäftsführerin', 8], ['Einkaufsleiter', 'Einkaufsleiterin', 10], ['Vertriebsleiter', 'Vertriebsleiterin', 5],
  ['Leiter IT', 'Leiterin IT', 6], ['Technischer Leiter', 'Technische Leiterin', 6], ['Prokurist', 'Prokuristin', 3],
  ['Projektmanager', 'Projektmanagerin', 7], ['Strategischer Einkäufer', 'Strategische Einkäuferin', 8], ['Werksleiter', 'Werksleiterin', 3],
  ['Kaufmännischer Leiter', 'Kaufmännische Leiterin', 4], ['Bereichsleiter Produktion', 'Bereichsleiterin Produktion', 4],
  ['Teamleiter Logistik', 'Teamleiterin Logistik', 3], ['Marketingleiter', 'Marketingleiterin', 3], ['Assistenz der Geschäftsführung', 'Assistenz der Geschäftsführung', 3],
  ['Key Account Manager', 'Key Account Managerin', 3], ['Head of Sales', 'Head of Sales', 3], ['Head of Operations', 'Head of Operations', 2],
  ['CFO', 'CFO', 2], ['CTO', 'CTO', 2], ['Leiter Qualitätsmanagement', 'Leiterin Qualitätsmanagement', 3],
]
export const POSITIONS_EN: ReadonlyArray<readonly [string, number]> = [
  ['Managing Director', 6], ['Head of Procurement', 8], ['Purchasing Manager', 8], ['Head of Sales', 4], ['CEO', 3], ['CFO', 2],
  ['IT Manager', 5], ['Operations Manager', 5], ['Project Manager', 5], ['Plant Manager', 3], ['Quality Manager', 3],
]

/** What the demo organization sells: industrial software and services, value ranges in EUR. */
export const PRODUCTS: ReadonlyArray<readonly [string, number, number]> = [
  ['Rahmenvertrag Ersatzteile 2026', 25_000, 180_000], ['Wartungsvertrag Fertigungslinie', 6_000, 36_000],
  ['Retrofit Steuerungstechnik', 40_000, 320_000], ['Pilotprojekt Predictive Maintenance', 12_000, 60_000],
  ['Lizenzerweiterung MES', 8_000, 75_000], ['Schulungspaket Bedienpersonal', 1_800, 9_500],
  ['Service-Level-Agreement 24/7', 9_000, 48_000], ['ERP-Schnittstelle Cloud-Migration', 15_000, 90_000],
  ['Erweiterung Lagerverwaltung', 20_000, 140_000], ['Sensorik-Nachrüstung Halle 2', 14_000, 85_000],
  ['Jahreslizenz Analytics', 4_800, 42_000], ['Beratung Energieeffizienz', 6_500, 28_000],
  ['Inbetriebnahme Neuanlage', 30_000, 210_000], ['Upgrade auf Version 5', 3_500, 24_000],
  ['Condition Monitoring Rollout', 18_000, 120_000], ['Remote-Support-Paket', 2_400, 12_000],
]

/** Open subjects read as to-dos; done ones as a log entry. Calls, meetings and tasks work as both. */
export const SUBJECTS: Record<ActivityType, { open: readonly string[], done: readonly string[] }> = {
  call: {
    open: ['Rückruf wegen Angebot', 'Nachfassen zum Angebot', 'Telefonat zur Bedarfsklärung', 'Rückfrage zu Lieferzeiten', 'Kurze Abstimmung Vertragsentwurf', 'Termin für Demo abstimmen', 'Erstgespräch', 'Budget und Zeitplan klären'],
    done: ['Rückruf wegen Angebot', 'Erstgespräch geführt', 'Nachgefasst zum Angebot', 'Telefonat zur Bedarfsklärung', 'Rückfrage zu Lieferzeiten', 'Einwände zum Preis besprochen', 'Kaltakquise', 'Feedback zur Teststellung'],
  },
  meeting: {
    open: ['Demo-Termin', 'Vor-Ort-Termin', 'Workshop Anforderungen', 'Präsentation bei der Geschäftsführung', 'Kick-off Pilotprojekt', 'Teams-Call mit dem Einkauf', 'Jahresgespräch', 'Werksbesichtigung'],
    done: ['Demo-Termin', 'Vor-Ort-Termin', 'Workshop Anforderungen', 'Präsentation bei der Geschäftsführung', 'Kick-off Pilotprojekt', 'Messegespräch Hannover Messe', 'Jahresgespräch', 'Teams-Call mit dem Einkauf'],
  },
  task: {
    open: ['Demo-Termin vereinbaren', 'Angebot erstellen', 'Angebot überarbeiten', 'Referenzen zusenden', 'Vertragsentwurf prüfen', 'Preisfreigabe einholen', 'Unterlagen an den Einkauf senden', 'Follow-up nach der Messe', 'Rahmenvertrag vorbereiten', 'Ansprechpartner im Einkauf ermitteln'],
    done: ['Demo-Termin vereinbaren', 'Angebot erstellen', 'Angebot überarbeiten', 'Referenzen zusenden', 'Vertragsentwurf prüfen', 'Preisfreigabe einholen', 'Kontaktdaten aktualisieren', 'Follow-up nach der Messe'],
  },
  email: {
    open: ['Angebot per E-Mail nachfassen', 'Produktunterlagen zusenden', 'Terminbestätigung senden', 'Einladung zum Webinar schicken', 'Zusammenfassung des Termins senden'],
    done: ['Angebot versendet', 'Produktunterlagen verschickt', 'Einladung zum Webinar', 'Zusammenfassung des Termins', 'Preisliste 2026 verschickt', 'Rückfrage zur Rechnung beantwortet'],
  },
  note: {
    open: ['Gesprächsnotiz'],
    done: ['Gesprächsnotiz', 'Budget für Q3 freigegeben', 'Entscheidung verschoben', 'Wettbewerber im Gespräch', 'Ansprechpartner gewechselt', 'Interne Notiz', 'Eindruck vom Messestand'],
  },
}

export const NOTES = [
  'Kunde wünscht ein Angebot bis Monatsende.',
  'Budget ist freigegeben, die Entscheidung fällt im nächsten Quartal.',
  'Einkauf verlangt 5 % Rabatt bei dreijähriger Laufzeit.',
  'Technische Fragen an das Produktmanagement weitergeleitet.',
  'Geschäftsführung möchte vor der Entscheidung eine Referenz aus der Branche sprechen.',
  'Wettbewerber ist günstiger, aber der Kunde schätzt unseren Service vor Ort.',
  'Ansprechpartnerin ist ab nächster Woche im Urlaub, Vertretung informiert.',
  'Lieferzeit ist für den Kunden entscheidend – Werk bestätigt sechs Wochen.',
  'Teststellung lief gut, zwei Verbesserungswünsche notiert.',
  'Rückmeldung erst nach der Vorstandssitzung möglich.',
  'Vertragsentwurf liegt bei der Rechtsabteilung.',
  'Kunde plant die Erweiterung auf einen zweiten Standort.',
  'Kontakt über die Hannover Messe, großes Interesse an der Schnittstelle zu SAP.',
  'Zahlungsziel 30 Tage netto vereinbart.',
  'Ausschreibung läuft bis Ende des Monats, Unterlagen sind angefordert.',
  'Preiserhöhung wegen gestiegener Materialkosten angekündigt, Kunde hat Verständnis.',
]

/** Placeholder addresses (RFC 5737) and a browser per seeded user for the audit trail. */
export const CLIENTS = [
  { ip: '192.0.2.14', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36' },
  { ip: '198.51.100.27', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15' },
  { ip: '203.0.113.45', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:143.0) Gecko/20100101 Firefox/143.0' },
  { ip: '192.0.2.88', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1' },
] as const

// The team: fixed people so screenshots and docs stay stable across seeds.
export const TEAM: ReadonlyArray<{ first: string, last: string, role: Role, locale: 'de' | 'en' }> = [
  { first: 'Katharina', last: 'Brandt', role: 'owner', locale: 'de' },
  { first: 'Stefan', last: 'Köhler', role: 'admin', locale: 'de' },
  { first: 'Julia', last: 'Weiß', role: 'member', locale: 'de' },
  { first: 'Mehmet', last: 'Yılmaz', role: 'member', locale: 'de' },
  { first: 'Sophie', last: 'Martin', role: 'viewer', locale: 'en' },
]
