// Demo data for one organization: a German B2B sales team with European customers.
// Plain relative imports only: the dev server and the `tsx scripts/db-seed.ts` CLI both load this module.
import { Faker, base, cs_CZ, da, de, de_AT, de_CH, en, en_GB, es, fr, it, nl, pl, sv, tr } from '@faker-js/faker'
import type { LocaleDefinition } from '@faker-js/faker'
import { sql } from 'drizzle-orm'
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core'
import { v7 as uuidv7 } from 'uuid'
import { activities, auditLogs, companies, contacts, deals, dealStageHistory, organizations, pipelines, users } from '../../drizzle/schema'
import type { ActivityType, Role } from '../../shared/domain'
import type { PipelineStage } from '../../shared/schemas'
import type { Database, Transaction } from './client'
import { resultRows } from './client'
import { runAsTenant } from './transaction'
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD } from './demo-login'
import { defaultPipeline } from './pipelines'

export interface SeedOptions {
  orgName?: string
  contacts?: number
  companies?: number
  /** Faker seed: the same seed gives the same names, companies and structure (dates stay relative to now). */
  seed?: number
  ownerEmail?: string
  ownerPassword?: string
  hashPassword: (plain: string) => Promise<string>
  /** Reference time for all relative dates; tests pin it, everyone else leaves it out. */
  now?: Date
}

export interface SeedResult {
  orgId: string
  orgName: string
  ownerEmail: string
  ownerPassword: string
  counts: { users: number, companies: number, contacts: number, deals: number, activities: number }
}

const DEFAULTS = {
  orgName: 'Pulse Demo GmbH',
  contacts: 250,
  companies: 80,
  seed: 42,
  ownerEmail: DEMO_OWNER_EMAIL,
  ownerPassword: DEMO_PASSWORD,
} as const

// About 120 deals and 400 activities per 250 contacts; other sizes scale alike.
const DEALS_PER_CONTACT = 120 / 250
const ACTIVITIES_PER_CONTACT = 400 / 250
const BATCH_SIZE = 500
/** Per open stage (by position): age in days and expected close in days from now. */
const OPEN_STAGE_TIMING: ReadonlyArray<{ age: readonly [number, number], closeIn: readonly [number, number] }> = [
  { age: [0, 75], closeIn: [30, 120] },
  { age: [7, 120], closeIn: [14, 100] },
  { age: [14, 180], closeIn: [-20, 75] },
  { age: [21, 240], closeIn: [-60, 45] },
]
const DAY = 86_400_000
const HOUR = 3_600_000
/** The organization "exists" this long, so lists, charts and audit trails have history. */
const HISTORY_DAYS = 540

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

type Sex = 'female' | 'male'
type NameOrigin = 'de' | 'at' | 'ch' | 'tr' | 'pl' | 'it' | 'fr' | 'nl' | 'es' | 'gb' | 'dk' | 'se' | 'cz'

const FAKER_LOCALES: Record<NameOrigin, LocaleDefinition> = {
  de, at: de_AT, ch: de_CH, tr, pl, it, fr, nl, es, gb: en_GB, dk: da, se: sv, cz: cs_CZ,
}

// Faker's German lists weigh rare surnames like common ones and first names are mostly
// baby names of today; a working-age sales contact list looks like this instead.
const GERMAN_SURNAMES = [
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

const GERMAN_FIRST_NAMES: Record<Sex, readonly string[]> = {
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

interface City { name: string, postalCodes: readonly string[], area: string }
const city = (name: string, postalCodes: string[], area: string): City => ({ name, postalCodes, area })

interface CountryProfile {
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

const COUNTRIES: ReadonlyArray<readonly [CountryProfile, number]> = [
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

interface Industry { name: string, de: readonly string[], en: readonly string[] }
const INDUSTRIES: readonly Industry[] = [
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

const BRAND_HEADS = ['Techno', 'Inno', 'Proma', 'Vita', 'Nova', 'Tera', 'Vario', 'Prisma', 'Quanta', 'Sigma', 'Axio', 'Euro', 'Multi', 'Omni', 'Inter']
const BRAND_TAILS = ['tec', 'tronic', 'form', 'plan', 'logic', 'sys', 'med', 'werk', 'line', 'data', 'pack', 'flex']

const FREEMAIL = ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'outlook.de', 'posteo.de'] as const

const TAGS: ReadonlyArray<readonly [string, number]> = [
  ['Entscheider', 14], ['Newsletter', 14], ['Bestandskunde', 12], ['Messe 2026', 9], ['VIP', 5], ['Partner', 6],
  ['Key Account', 5], ['Lead', 10], ['Webinar', 6], ['Empfehlung', 4], ['Hannover Messe', 4], ['Kaltakquise', 5],
]

/** [male, female] title pairs for German-speaking companies; English titles are common there too. */
const POSITIONS_DE: ReadonlyArray<readonly [string, string, number]> = [
  ['Geschäftsführer', 'Geschäftsführerin', 8], ['Einkaufsleiter', 'Einkaufsleiterin', 10], ['Vertriebsleiter', 'Vertriebsleiterin', 5],
  ['Leiter IT', 'Leiterin IT', 6], ['Technischer Leiter', 'Technische Leiterin', 6], ['Prokurist', 'Prokuristin', 3],
  ['Projektmanager', 'Projektmanagerin', 7], ['Strategischer Einkäufer', 'Strategische Einkäuferin', 8], ['Werksleiter', 'Werksleiterin', 3],
  ['Kaufmännischer Leiter', 'Kaufmännische Leiterin', 4], ['Bereichsleiter Produktion', 'Bereichsleiterin Produktion', 4],
  ['Teamleiter Logistik', 'Teamleiterin Logistik', 3], ['Marketingleiter', 'Marketingleiterin', 3], ['Assistenz der Geschäftsführung', 'Assistenz der Geschäftsführung', 3],
  ['Key Account Manager', 'Key Account Managerin', 3], ['Head of Sales', 'Head of Sales', 3], ['Head of Operations', 'Head of Operations', 2],
  ['CFO', 'CFO', 2], ['CTO', 'CTO', 2], ['Leiter Qualitätsmanagement', 'Leiterin Qualitätsmanagement', 3],
]
const POSITIONS_EN: ReadonlyArray<readonly [string, number]> = [
  ['Managing Director', 6], ['Head of Procurement', 8], ['Purchasing Manager', 8], ['Head of Sales', 4], ['CEO', 3], ['CFO', 2],
  ['IT Manager', 5], ['Operations Manager', 5], ['Project Manager', 5], ['Plant Manager', 3], ['Quality Manager', 3],
]

/** What the demo organization sells: industrial software and services, value ranges in EUR. */
const PRODUCTS: ReadonlyArray<readonly [string, number, number]> = [
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
const SUBJECTS: Record<ActivityType, { open: readonly string[], done: readonly string[] }> = {
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

const NOTES = [
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
const CLIENTS = [
  { ip: '192.0.2.14', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36' },
  { ip: '198.51.100.27', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15' },
  { ip: '203.0.113.45', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:143.0) Gecko/20100101 Firefox/143.0' },
  { ip: '192.0.2.88', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1' },
] as const

// The team: fixed people so screenshots and docs stay stable across seeds.
const TEAM: ReadonlyArray<{ first: string, last: string, role: Role, locale: 'de' | 'en' }> = [
  { first: 'Katharina', last: 'Brandt', role: 'owner', locale: 'de' },
  { first: 'Stefan', last: 'Köhler', role: 'admin', locale: 'de' },
  { first: 'Julia', last: 'Weiß', role: 'member', locale: 'de' },
  { first: 'Mehmet', last: 'Yılmaz', role: 'member', locale: 'de' },
  { first: 'Sophie', last: 'Martin', role: 'viewer', locale: 'en' },
]

// ---------------------------------------------------------------------------------------------
// Randomness and text helpers
// ---------------------------------------------------------------------------------------------

/** Thin wrapper so generation code reads as intent, all drawn from one seeded stream. */
class Random {
  constructor(readonly faker: Faker) {}
  int(min: number, max: number): number {
    return this.faker.number.int({ min, max })
  }

  /** Uniform in [0, 1). */
  unit(): number {
    return this.faker.number.float({ min: 0, max: 1 })
  }

  chance(probability: number): boolean {
    return this.unit() < probability
  }

  pick<T>(list: readonly T[]): T {
    return this.faker.helpers.arrayElement(list)
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    return this.faker.helpers.weightedArrayElement(entries.map(([value, weight]) => ({ value, weight })))
  }

  digits(count: number): string {
    return this.faker.string.numeric({ length: count, allowLeadingZeros: false })
  }

  /** A time between two instants; skew > 1 leans towards `to` (recent), < 1 towards `from`. */
  between(from: number, to: number, skew = 1): number {
    if (to <= from) return from
    return to - (to - from) * this.unit() ** skew
  }
}

/** ASCII for e-mail addresses and domains: umlauts as German writes them, other accents dropped. */
function asciiSlug(text: string): string {
  const replaced = text.toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .replace(/ø/g, 'oe').replace(/æ/g, 'ae').replace(/å/g, 'aa').replace(/ł/g, 'l').replace(/ı/g, 'i').replace(/đ/g, 'd')
  return replaced.normalize('NFD').replace(/[\u0300-\u036F]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
}

const emailPart = (text: string) => asciiSlug(text).replace(/-/g, '')

/** International format as people write it: "+49 30 12345678", "+33 1 42 68 53 00", "+41 44 496 21 12". */
function formatPhone(profile: CountryProfile, { area, subscriber }: PhoneNumber): string {
  // Threes never leave a lone digit at the end: "836 8620", "682 019 85".
  const groups: Record<CountryProfile['phoneDigits']['grouping'], RegExp> = { none: /.+/g, pairs: /.{1,2}/g, threes: /.{3}(?!.$)|.+$/g, swiss: /^.{3}|.{1,2}/g }
  const grouped = subscriber.match(groups[profile.phoneDigits.grouping])?.join(' ') ?? subscriber
  // Area codes are listed without the trunk 0, except Italy's, which keeps it after +39.
  return `+${profile.dial} ${area} ${grouped}`
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max)

/**
 * Moves a time onto a weekday between 8 and 18 o'clock, where sales work happens. With
 * `notAfter` (the past) weekends go back to Friday and the result stays before it; without
 * (the future) they go on to Monday.
 */
function withWorkingHours(time: number, rng: Random, notAfter?: number): number {
  const d = new Date(time)
  const day = d.getDay()
  if (day === 6) d.setDate(d.getDate() + (notAfter === undefined ? 2 : -1))
  if (day === 0) d.setDate(d.getDate() + (notAfter === undefined ? 1 : -2))
  d.setHours(rng.int(8, 17), rng.pick([0, 0, 15, 30, 30, 45]), 0, 0)
  return notAfter === undefined ? d.getTime() : Math.min(d.getTime(), notAfter - rng.int(5, 90) * 60_000)
}

/** The demo organization was founded on a weekday morning 18 months ago. */
function foundedAt(now: number): number {
  const d = new Date(now - HISTORY_DAYS * DAY)
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() - 1)
  d.setHours(9, 0, 0, 0)
  return d.getTime()
}

function isoDay(time: number): string {
  const d = new Date(time)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Exact decimal from integer cents: money never passes through a float. */
const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

/** UUIDv7 whose embedded time is the row's createdAt, so id order and creation order agree. */
const idAt = (time: number) => uuidv7({ msecs: Math.round(time) })

async function insertInBatches<T extends PgTable>(tx: Transaction, table: T, rows: PgInsertValue<T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    await tx.insert(table).values(rows.slice(i, i + BATCH_SIZE))
  }
}

// ---------------------------------------------------------------------------------------------
// Generation (pure: builds rows in memory, the transaction below only inserts them)
// ---------------------------------------------------------------------------------------------

type NewUser = typeof users.$inferInsert
type NewCompany = typeof companies.$inferInsert
type NewContact = typeof contacts.$inferInsert
type NewDeal = typeof deals.$inferInsert
type NewActivity = typeof activities.$inferInsert
type NewAuditLog = typeof auditLogs.$inferInsert
type NewStageStay = typeof dealStageHistory.$inferInsert

interface SeedUser { id: string, row: NewUser }
interface SeedCompany { id: string, createdAt: number, ownerId: string, profile: CountryProfile, domain: string, shortName: string, phone: PhoneNumber, row: NewCompany }
interface PhoneNumber { area: string, subscriber: string }
interface SeedContact { id: string, createdAt: number, ownerId: string, company: SeedCompany | null, lastName: string, row: NewContact }
interface SeedDeal { id: string, createdAt: number, closedAt: number | null, ownerId: string, contact: SeedContact, row: NewDeal }
/** What an activity is about; unset fields mean an internal to-do. */
interface Anchor { deal?: SeedDeal, contact?: SeedContact, company?: SeedCompany }

class DemoGenerator {
  private readonly rng: Random
  private readonly people: Record<NameOrigin, Faker>
  private readonly usedEmails = new Set<string>()

  constructor(seed: number, private readonly now: number, private readonly orgId: string, private readonly orgCreated: number) {
    this.rng = new Random(new Faker({ locale: [de, en, base], seed }))
    // One faker per locale, each with its own seeded stream, so adding a locale never reshuffles the others.
    const origins = Object.keys(FAKER_LOCALES) as NameOrigin[]
    this.people = Object.fromEntries(origins.map((origin, i) => [origin, new Faker({ locale: [FAKER_LOCALES[origin], en, base], seed: seed * 31 + i + 1 })])) as Record<NameOrigin, Faker>
  }

  users(emailDomain: string, passwordHash: string, ownerEmail: string): SeedUser[] {
    return TEAM.map((member, i) => {
      const createdAt = i === 0 ? this.orgCreated : withWorkingHours(this.orgCreated + this.rng.int(1, 40) * DAY, this.rng, this.now)
      const email = i === 0 ? ownerEmail : `${emailPart(member.first)}.${emailPart(member.last)}@${emailDomain}`
      const id = idAt(createdAt)
      return {
        id,
        row: {
          orgId: this.orgId, id, email, name: `${member.first} ${member.last}`, passwordHash, role: member.role, locale: member.locale,
          // Colleagues have used the app; the owner signs in for the first time with the demo login.
          lastLoginAt: i === 0 ? null : new Date(this.now - this.rng.int(1, 72) * HOUR),
          createdAt: new Date(createdAt), updatedAt: new Date(createdAt),
        },
      }
    })
  }

  companies(count: number, sellerIds: readonly string[]): SeedCompany[] {
    const names = new Set<string>()
    const domains = new Set<string>()
    const result: SeedCompany[] = []
    for (let i = 0; i < count; i++) {
      const profile = this.rng.weighted(COUNTRIES)
      const industry = this.rng.pick(INDUSTRIES)
      const place = this.rng.pick(profile.cities)
      let shortName = this.companyName(profile, industry, place)
      while (names.has(shortName)) shortName = this.companyName(profile, industry, place)
      names.add(shortName)
      const legal = shortName.startsWith('Stadtwerke') ? 'GmbH' : this.rng.weighted(profile.legalForms)
      // Domains take the first two words, the way most firms register them.
      const base = asciiSlug(shortName.split(/\s+/).filter(w => w !== '&').slice(0, 2).join(' '))
      let domain = `${base}.${profile.tld}`
      for (let n = 2; domains.has(domain); n++) domain = `${base}${n}.${profile.tld}`
      domains.add(domain)
      // A quarter arrived with the initial CSV import on day one; the rest trickled in since.
      const createdAt = this.rng.chance(0.25)
        ? this.orgCreated + this.rng.int(1, 6) * HOUR
        : Math.max(this.orgCreated + DAY, withWorkingHours(this.rng.between(this.orgCreated + DAY, this.now, 0.8), this.rng, this.now))
      const updatedAt = this.rng.chance(0.4) ? createdAt : withWorkingHours(this.rng.between(createdAt, this.now, 0.6), this.rng, this.now)
      const ownerId = this.rng.pick(sellerIds)
      const id = idAt(createdAt)
      const phone = this.landline(profile, place)
      const street = this.people[this.streetOrigin(profile)].location.street()
      result.push({
        id, createdAt, ownerId, profile, domain, shortName, phone,
        row: {
          orgId: this.orgId, id, name: `${shortName} ${legal}`, industry: industry.name, website: `https://www.${domain}`, phone: formatPhone(profile, phone),
          street: profile.code === 'FR' || profile.code === 'GB' ? `${this.rng.int(1, 140)} ${street}` : `${street} ${this.houseNumber()}`,
          postalCode: this.rng.pick(place.postalCodes), city: place.name, country: profile.code, ownerId,
          createdAt: new Date(createdAt), updatedAt: new Date(Math.max(updatedAt, createdAt)),
        },
      })
    }
    return result
  }

  contacts(count: number, companyList: readonly SeedCompany[], sellerIds: readonly string[]): SeedContact[] {
    // Most contacts work at a known company; every company gets at least one, big accounts several.
    const withCompany = companyList.length === 0 ? 0 : Math.round(count * 0.93)
    const sizes = companyList.map(() => this.rng.pick([1, 1, 1, 2, 2, 3, 5, 8]))
    const employers: Array<SeedCompany | null> = []
    const shuffled = this.rng.faker.helpers.shuffle([...companyList])
    for (let i = 0; i < withCompany; i++) {
      employers.push(i < shuffled.length ? shuffled[i]! : this.rng.weighted(companyList.map((c, k) => [c, sizes[k]!] as const)))
    }
    while (employers.length < count) employers.push(null)

    const firstAtCompany = new Set<string>()
    return employers.map((company) => {
      const origin = this.rng.weighted(company?.profile.names ?? COUNTRIES[0]![0].names)
      const sex: Sex = this.rng.chance(0.42) ? 'female' : 'male'
      const { first, last } = this.personName(origin, sex)
      let createdAt: number
      const from = company?.createdAt ?? this.orgCreated + DAY
      if (company && !firstAtCompany.has(company.id)) {
        // The first contact was entered together with the company.
        firstAtCompany.add(company.id)
        createdAt = clamp(from + this.rng.int(1, 30) * 60_000, from, this.now)
      }
      else {
        createdAt = clamp(withWorkingHours(this.rng.between(from + HOUR, this.now, 0.9), this.rng, this.now), from, this.now)
      }
      const updatedAt = this.rng.chance(0.5) ? createdAt : Math.max(createdAt, withWorkingHours(this.rng.between(createdAt, this.now, 0.5), this.rng, this.now))
      const ownerId = company && this.rng.chance(0.8) ? company.ownerId : this.rng.pick(sellerIds)
      const id = idAt(createdAt)
      return {
        id, createdAt, ownerId, company, lastName: last,
        row: {
          orgId: this.orgId, id, firstName: first, lastName: last,
          email: this.rng.chance(0.95) ? this.contactEmail(first, last, company) : null,
          phone: this.contactPhone(company),
          position: this.position(company?.profile ?? null, sex),
          companyId: company?.id ?? null,
          ownerId,
          tags: this.tags(),
          createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
        },
      }
    })
  }

  deals(count: number, contactList: readonly SeedContact[], pipelineId: string, stages: readonly PipelineStage[]): SeedDeal[] {
    if (contactList.length === 0) return []
    // B2B deals hang off company contacts; a few are with freelancers or private buyers.
    const atCompanies = contactList.filter(c => c.company)
    const stageWeights = [26, 20, 16, 10, 18, 10] // funnel: more deals early, a fair share won, fewer lost
    const result: SeedDeal[] = []
    for (let i = 0; i < count; i++) {
      const contact = atCompanies.length > 0 && this.rng.chance(0.95) ? this.rng.pick(atCompanies) : this.rng.pick(contactList)
      const stage = this.rng.weighted(stages.map((s, k) => [s, stageWeights[k] ?? 5] as const))
      const [product, minEuro, maxEuro] = this.rng.pick(PRODUCTS)
      const company = contact.company
      const ownerId = company && this.rng.chance(0.75) ? company.ownerId : contact.ownerId

      let createdAt: number
      let closedAt: number | null = null
      let expected: number
      if (stage.kind === 'open') {
        // Later stages have been in the pipeline longer and are expected to close sooner (or have slipped).
        const step = Math.min(stage.position, OPEN_STAGE_TIMING.length - 1)
        const { age, closeIn } = OPEN_STAGE_TIMING[step]!
        createdAt = withWorkingHours(this.now - this.rng.int(age[0], age[1]) * DAY, this.rng, this.now)
        expected = this.now + this.rng.int(closeIn[0], closeIn[1]) * DAY
      }
      else {
        // Closed deals closed recently, so their planned close date stays within the last 60 days.
        closedAt = withWorkingHours(this.now - this.rng.int(1, 70) * DAY, this.rng, this.now)
        createdAt = withWorkingHours(closedAt - this.rng.int(20, 200) * DAY, this.rng, this.now)
        expected = closedAt + this.rng.int(-10, 14) * DAY
      }
      // A deal never predates its contact: move it into the contact's lifetime.
      const earliest = contact.createdAt + Math.min(HOUR, (this.now - contact.createdAt) / 2)
      if (createdAt < earliest) createdAt = earliest + (this.now - earliest) * 0.2 * this.rng.unit()
      if (closedAt !== null && closedAt <= createdAt) {
        closedAt = createdAt + (this.now - createdAt) * (0.4 + 0.5 * this.rng.unit())
        expected = closedAt
      }
      const expectedClose = clamp(expected, this.now - 60 * DAY, this.now + 120 * DAY)

      const cents = this.dealCents(minEuro, maxEuro)
      const updatedAt = closedAt ?? Math.max(createdAt, withWorkingHours(this.rng.between(createdAt, this.now, 2), this.rng, this.now))
      const id = idAt(createdAt)
      result.push({
        id, createdAt, closedAt, ownerId, contact,
        row: {
          orgId: this.orgId, id,
          title: `${product} – ${company?.shortName ?? `${contact.row.firstName} ${contact.lastName}`}`,
          value: money(cents),
          currency: company?.profile.code === 'CH' ? 'CHF' : 'EUR',
          pipelineId, stageId: stage.id,
          // Status mirrors the stage kind, as the move action keeps it.
          status: stage.kind,
          contactId: contact.id, companyId: company?.id ?? null, ownerId,
          expectedCloseDate: isoDay(expectedClose),
          closedAt: closedAt === null ? null : new Date(closedAt),
          createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
        },
      })
    }
    return result
  }

  activities(count: number, ownerId: string, sellerIds: readonly string[], contactList: readonly SeedContact[], companyList: readonly SeedCompany[], dealList: readonly SeedDeal[]): NewActivity[] {
    const result: NewActivity[] = []
    const openDeals = dealList.filter(d => d.closedAt === null)
    const ownDeals = openDeals.filter(d => d.ownerId === ownerId)
    const startOfToday = new Date(this.now).setHours(0, 0, 0, 0)

    // A dashboard worth looking at: the owner has things due today, a few overdue tasks and plans for next week.
    if (count >= 20 && contactList.length > 0) {
      const anchor = (): Anchor => {
        const pool = ownDeals.length > 0 ? ownDeals : openDeals
        return pool.length > 0 ? { deal: this.rng.pick(pool) } : { contact: this.rng.pick(contactList) }
      }
      const todayTimes = [9, 10.5, 13, 14.5, 16].map(h => startOfToday + h * HOUR)
      for (const [k, due] of todayTimes.entries()) {
        const type = (['call', 'meeting', 'task', 'call', 'email'] as const)[k]!
        // The morning call is already done; everything else still waits.
        result.push(this.activity({ type, due, done: k === 0 && due < this.now, ownerId, anchor: anchor(), note: this.rng.chance(0.4) }))
      }
      for (let k = 0; k < 4; k++) {
        const due = withWorkingHours(startOfToday - this.rng.int(1, 6) * DAY, this.rng, this.now)
        result.push(this.activity({ type: 'task', due, done: false, ownerId, anchor: anchor(), note: this.rng.chance(0.3) }))
      }
      for (let k = 0; k < 3; k++) {
        const due = withWorkingHours(startOfToday + this.rng.int(1, 7) * DAY, this.rng)
        result.push(this.activity({ type: this.rng.pick(['call', 'meeting', 'task'] as const), due, done: false, ownerId, anchor: anchor(), note: false }))
      }
      // Colleagues have a day too.
      for (const seller of sellerIds.filter(id => id !== ownerId)) {
        const due = startOfToday + this.rng.int(8, 17) * HOUR
        result.push(this.activity({ type: this.rng.pick(['call', 'meeting', 'task'] as const), due, done: false, ownerId: seller, anchor: { contact: this.rng.pick(contactList) }, note: false }))
      }
    }

    while (result.length < count) {
      const roll = this.rng.unit()
      const type = this.rng.weighted<ActivityType>([['call', 30], ['email', 20], ['meeting', 15], ['task', 25], ['note', 10]])
      let future = type !== 'note' && this.rng.chance(0.18)
      // Contact and company work is spread evenly over the history (picking a record that existed
      // then); picking the record first would pile everything into recent weeks.
      const at = future
        ? withWorkingHours(this.rng.between(this.now + HOUR, this.now + 30 * DAY, 0.5), this.rng)
        : withWorkingHours(this.rng.between(this.orgCreated + DAY, this.now, 1.3), this.rng, this.now)
      let anchor: Anchor = {} // internal to-dos without a record
      let from = this.orgCreated
      let to = this.now
      if (roll < 0.35 && dealList.length > 0) {
        // Deal work happens while the deal runs.
        const deal = this.rng.pick(dealList)
        anchor = { deal }
        from = deal.createdAt
        to = deal.closedAt ?? this.now
        future &&= deal.closedAt === null
      }
      else if (roll < 0.86 && contactList.length > 0) {
        const contact = this.existingAt(contactList, at)
        anchor = { contact }
        from = contact.createdAt
      }
      else if (roll < 0.97 && companyList.length > 0) {
        const company = this.existingAt(companyList, at)
        anchor = { company }
        from = company.createdAt
      }
      const anchorOwner = anchor.deal?.ownerId ?? anchor.contact?.ownerId ?? anchor.company?.ownerId
      const actOwner = anchorOwner && this.rng.chance(0.85) ? anchorOwner : this.rng.pick(sellerIds)
      let due: number
      let done: boolean
      if (future) {
        due = at > this.now ? at : this.now + this.rng.int(1, 48) * HOUR
        done = false
      }
      else {
        due = anchor.deal ? withWorkingHours(this.rng.between(from + HOUR, to), this.rng, this.now) : at
        due = clamp(due, from, to)
        // Almost everything in the past is done; a handful of tasks and calls slipped.
        done = type === 'note' || type === 'email' || type === 'meeting' || to < this.now || this.rng.chance(0.96)
      }
      const withNote = type === 'note' || this.rng.chance({ call: 0.5, meeting: 0.6, task: 0.25, email: 0.2, note: 1 }[type])
      result.push(this.activity({ type, due, done, ownerId: actOwner, anchor, note: withNote, earliest: from }))
    }
    return result.slice(0, Math.max(count, 0))
  }

  /**
   * The stages each deal went through to reach the one it is in: forward through the open
   * stages, then (for closed deals) into won or lost, at random moments of its lifetime.
   */
  stageHistory(dealList: readonly SeedDeal[], stages: readonly PipelineStage[]): NewStageStay[] {
    const open = stages.filter(s => s.kind === 'open').sort((a, b) => a.position - b.position)
    const result: NewStageStay[] = []
    for (const deal of dealList) {
      const target = stages.find(s => s.id === deal.row.stageId)!
      const path = target.kind === 'open'
        ? open.slice(0, open.findIndex(s => s.id === target.id) + 1)
        : [...open.slice(0, target.kind === 'won' ? open.length : this.rng.int(1, open.length)), target]
      const lastMove = deal.closedAt ?? deal.createdAt + (this.now - deal.createdAt) * (0.5 + 0.45 * this.rng.unit())
      const moves = path.slice(1).map(() => deal.createdAt + (lastMove - deal.createdAt) * this.rng.unit()).sort((a, b) => a - b)
      if (moves.length) moves[moves.length - 1] = lastMove
      const entered = [deal.createdAt, ...moves]
      path.forEach((stage, i) => result.push({
        orgId: this.orgId,
        id: idAt(entered[i]!),
        dealId: deal.id,
        pipelineId: deal.row.pipelineId,
        stageId: stage.id,
        fromStageId: i === 0 ? null : path[i - 1]!.id,
        enteredAt: new Date(entered[i]!),
        leftAt: i + 1 < path.length ? new Date(entered[i + 1]!) : null,
        actorId: deal.ownerId,
        actorType: 'user',
      }))
    }
    return result
  }

  audit(ownerId: string, team: readonly SeedUser[], companyList: readonly SeedCompany[], contactList: readonly SeedContact[], dealList: readonly SeedDeal[], activityList: readonly NewActivity[], stays: readonly NewStageStay[]): NewAuditLog[] {
    const since = this.now - 30 * DAY
    const clientOf = new Map(team.map((u, i) => [u.id, CLIENTS[i % CLIENTS.length]!]))
    const entries: NewAuditLog[] = []
    const add = (at: number, entry: Omit<NewAuditLog, 'orgId' | 'id' | 'createdAt' | 'updatedAt'>) => {
      const client = entry.actorType === 'user' && entry.actorId ? clientOf.get(entry.actorId) : undefined
      entries.push({ orgId: this.orgId, id: idAt(at), ip: client?.ip ?? null, userAgent: client?.userAgent ?? null, ...entry, createdAt: new Date(at), updatedAt: new Date(at) })
    }
    // The shape the services write: `{ field: { from, to } }`.
    const created = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { from: null, to: v }]))
    add(this.orgCreated, { actorId: null, actorType: 'system', action: 'organization.create', entity: 'organization', entityId: this.orgId, changes: { source: 'demo-seed' } })
    for (const u of team.slice(1)) {
      add(u.row.createdAt!.getTime(), { actorId: ownerId, actorType: 'user', action: 'user.create', entity: 'user', entityId: u.id, changes: created({ email: u.row.email, role: u.row.role }) })
    }
    // Only the recent past: an audit trail this fine-grained for 18 months would drown the demo.
    for (const c of companyList.filter(c => c.createdAt >= since)) {
      add(c.createdAt, { actorId: c.ownerId, actorType: 'user', action: 'company.create', entity: 'company', entityId: c.id, changes: created({ name: c.row.name }) })
    }
    for (const c of contactList.filter(c => c.createdAt >= since)) {
      add(c.createdAt, { actorId: c.ownerId, actorType: 'user', action: 'contact.create', entity: 'contact', entityId: c.id, changes: created({ firstName: c.row.firstName, lastName: c.row.lastName }) })
    }
    const kindOf = new Map(dealList.map(d => [d.id, d.row.status]))
    for (const d of dealList) {
      if (d.createdAt >= since) add(d.createdAt, { actorId: d.ownerId, actorType: 'user', action: 'deal.create', entity: 'deal', entityId: d.id, changes: created({ title: d.row.title, value: d.row.value, currency: d.row.currency }) })
    }
    for (const stay of stays.filter(s => s.fromStageId && s.enteredAt!.getTime() >= since)) {
      const closes = !stay.leftAt && kindOf.get(stay.dealId) !== 'open'
      add(stay.enteredAt!.getTime(), {
        actorId: stay.actorId!, actorType: 'user', action: 'deal.move', entity: 'deal', entityId: stay.dealId,
        changes: {
          stageId: { from: stay.fromStageId, to: stay.stageId },
          ...(closes ? { status: { from: 'open', to: kindOf.get(stay.dealId) }, closedAt: { from: null, to: stay.enteredAt!.toISOString() } } : {}),
        },
      })
    }
    for (const a of activityList.filter(a => a.createdAt!.getTime() >= since)) {
      add(a.createdAt!.getTime(), { actorId: a.ownerId ?? ownerId, actorType: 'user', action: 'activity.create', entity: 'activity', entityId: a.id!, changes: created({ type: a.type, subject: a.subject }) })
    }
    return entries.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())
  }

  // --- single records -------------------------------------------------------------------------

  /** A random record that already existed at `time` (the oldest one if none did). */
  private existingAt<T extends { createdAt: number }>(list: readonly T[], time: number): T {
    for (let tries = 0; tries < 30; tries++) {
      const candidate = this.rng.pick(list)
      if (candidate.createdAt < time) return candidate
    }
    return list.reduce((oldest, c) => (c.createdAt < oldest.createdAt ? c : oldest))
  }

  private activity(input: {
    type: ActivityType
    due: number
    done: boolean
    ownerId: string
    anchor: Anchor
    note: boolean
    earliest?: number
  }): NewActivity {
    const { type, due, done, anchor } = input
    // A deal brings its contact and company, a contact its company: the links always agree.
    const dealId = anchor.deal?.id ?? null
    const contact = anchor.deal?.contact ?? anchor.contact ?? null
    const company = contact ? contact.company : anchor.company ?? null
    const earliest = Math.max(input.earliest ?? this.orgCreated, contact?.createdAt ?? 0, company?.createdAt ?? 0)
    // Logged calls, e-mails and notes are written when they happen; meetings and tasks are planned ahead.
    const plannedAhead = type === 'meeting' || type === 'task' || due > this.now
    let createdAt = plannedAhead ? due - this.rng.int(1, 14) * DAY + this.rng.int(0, 8) * HOUR : due + this.rng.int(5, 60) * 60_000
    // Not after now (nor all at the same instant), not before what it is about.
    if (createdAt > this.now) createdAt = this.now - this.rng.int(10, 3 * 24 * 60) * 60_000
    if (createdAt < earliest) createdAt = earliest + (this.now - earliest) * 0.5 * this.rng.unit()
    const completedAt = type === 'note' ? createdAt : done ? clamp(due + this.rng.int(0, 90) * 60_000, createdAt, this.now) : null
    const subjects = SUBJECTS[type][done || type === 'note' ? 'done' : 'open']
    const id = idAt(createdAt)
    return {
      orgId: this.orgId, id, type, subject: this.rng.pick(subjects),
      note: input.note ? this.noteText() : null,
      dueAt: type === 'note' ? null : new Date(due),
      completedAt: completedAt === null ? null : new Date(completedAt),
      contactId: contact?.id ?? null, companyId: company?.id ?? null, dealId, ownerId: input.ownerId,
      createdAt: new Date(createdAt), updatedAt: new Date(completedAt ?? createdAt),
    }
  }

  private personName(origin: NameOrigin, sex: Sex): { first: string, last: string } {
    const f = this.people[origin]
    const germanish = origin === 'de' || origin === 'at' || origin === 'ch'
    const first = germanish && this.rng.chance(origin === 'de' ? 0.75 : 0.4) ? this.rng.pick(GERMAN_FIRST_NAMES[sex]) : f.person.firstName(sex)
    let last = germanish && this.rng.chance(origin === 'de' ? 0.6 : 0.3) ? this.rng.pick(GERMAN_SURNAMES) : f.person.lastName(sex)
    // Faker's Polish surnames are not gendered; Polish women write -ska/-cka.
    if (origin === 'pl' && sex === 'female') last = last.replace(/ski$/, 'ska').replace(/cki$/, 'cka').replace(/dzki$/, 'dzka')
    return { first, last }
  }

  private companyName(profile: CountryProfile, industry: Industry, place: City): string {
    const surname = (origin: NameOrigin) => (origin === 'de' && this.rng.chance(0.7) ? this.rng.pick(GERMAN_SURNAMES) : this.people[origin].person.lastName('male'))
    const brand = () => this.rng.pick(BRAND_HEADS) + this.rng.pick(BRAND_TAILS)
    if (profile.german) {
      const origin: NameOrigin = profile.code === 'AT' ? 'at' : profile.code === 'CH' ? 'ch' : 'de'
      const word = this.rng.pick(industry.de)
      if (industry.name === 'Energieversorgung' && profile.code === 'DE' && this.rng.chance(0.4)) return `Stadtwerke ${place.name}`
      return this.rng.weighted<() => string>([
        [() => `${surname(origin)} ${word}`, 40],
        [() => `${this.rng.pick(profile.regions)} ${word}`, 20],
        [() => `${brand()} ${word}`, 15],
        [() => `${surname(origin)} & ${surname(origin)}`, 15],
        [() => brand(), 10],
      ])()
    }
    const origin = profile.names[0]![0]
    const word = this.rng.pick(industry.en)
    return this.rng.chance(0.65) ? `${surname(origin)} ${word}` : `${brand()} ${word}`
  }

  private streetOrigin(profile: CountryProfile): NameOrigin {
    return profile.code === 'DE' ? 'de' : profile.names[0]![0]
  }

  private houseNumber(): string {
    return `${this.rng.int(1, 120)}${this.rng.chance(0.1) ? this.rng.pick(['a', 'b', 'c']) : ''}`
  }

  private landline(profile: CountryProfile, place: City): PhoneNumber {
    // German and Austrian numbers vary in length; the subscriber part fills up after the area code.
    const variable = profile.code === 'DE' || profile.code === 'AT' ? this.rng.int(-1, 1) : 0
    return { area: place.area, subscriber: this.rng.digits(Math.max(4, profile.phoneDigits.landline - place.area.length + variable)) }
  }

  private contactPhone(company: SeedCompany | null): string | null {
    const profile = company?.profile ?? COUNTRIES[0]![0]
    const kind = this.rng.weighted<'direct' | 'mobile' | 'none'>([['direct', 55], ['mobile', 30], ['none', 15]])
    if (kind === 'none') return null
    if (kind === 'direct' && company) {
      // German-speaking firms publish extensions as "-123"; elsewhere the direct line differs in the last digits.
      if (profile.german) return `${formatPhone(profile, company.phone)}-${this.rng.int(10, 499)}`
      const { area, subscriber } = company.phone
      return formatPhone(profile, { area, subscriber: subscriber.slice(0, -3) + this.rng.digits(3) })
    }
    const area = this.rng.pick(profile.mobilePrefixes)
    return formatPhone(profile, { area, subscriber: this.rng.digits(profile.phoneDigits.mobile - area.length) })
  }

  private contactEmail(first: string, last: string, company: SeedCompany | null): string {
    const f = emailPart(first)
    const l = emailPart(last)
    const domain = company?.domain ?? this.rng.pick(FREEMAIL)
    const patterns = company
      ? this.rng.weighted<string[]>([[[`${f}.${l}`, `${f[0]}.${l}`], 65], [[`${f[0]}.${l}`, `${f}.${l}`], 20], [[`${l}`, `${f}.${l}`], 8], [[`${f}${l}`, `${f}.${l}`], 7]])
      : [`${f}.${l}`, `${f}${l}${this.rng.int(1, 99)}`, `${f[0]}${l}`]
    for (const local of [...patterns, `${f}.${l}${this.rng.int(2, 99)}`]) {
      const email = `${local}@${domain}`
      if (!this.usedEmails.has(email)) {
        this.usedEmails.add(email)
        return email
      }
    }
    const fallback = `${f}.${l}.${this.usedEmails.size}@${domain}`
    this.usedEmails.add(fallback)
    return fallback
  }

  private position(profile: CountryProfile | null, sex: Sex): string | null {
    if (this.rng.chance(0.08)) return null
    if (!profile || profile.german) {
      const [male, female] = this.rng.weighted(POSITIONS_DE.map(([m, w, weight]) => [[m, w] as const, weight] as const))
      return sex === 'female' ? female : male
    }
    return this.rng.weighted(POSITIONS_EN)
  }

  private tags(): string[] {
    const count = this.rng.weighted([[0, 30], [1, 38], [2, 22], [3, 10]])
    const chosen = new Set<string>()
    while (chosen.size < count) chosen.add(this.rng.weighted(TAGS))
    return [...chosen]
  }

  private dealCents(minEuro: number, maxEuro: number): number {
    // Log-uniform: many mid-sized deals, a few large ones; quoted prices are round numbers.
    const euros = Math.exp(Math.log(minEuro) + (Math.log(maxEuro) - Math.log(minEuro)) * this.rng.unit())
    const step = euros > 50_000 ? 1_000 : euros > 10_000 ? 500 : 50
    const rounded = Math.max(step, Math.round(euros / step) * step)
    // Some offers carry discounts that leave odd amounts.
    return this.rng.chance(0.15) ? Math.round(rounded * (1 - this.rng.pick([0.03, 0.05, 0.075, 0.1])) * 100) : rounded * 100
  }

  private noteText(): string {
    const first = this.rng.pick(NOTES)
    if (!this.rng.chance(0.35)) return first
    const second = this.rng.pick(NOTES)
    return second === first ? first : `${first} ${second}`
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

function sizeOption(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new RangeError(`seed: ${name} must be an integer between 0 and 100000, got ${n}`)
  return n
}

/**
 * Creates one organization full of realistic demo data (team, pipeline, companies, contacts,
 * deals, activities, audit trail) in a single tenant transaction: all of it or nothing.
 * Emails are unique across organizations, so a second run needs another `ownerEmail`.
 */
export async function seedDemoOrganization(db: Database, options: SeedOptions): Promise<SeedResult> {
  const orgName = options.orgName?.trim() || DEFAULTS.orgName
  const companyCount = sizeOption(options.companies, DEFAULTS.companies, 'companies')
  const contactCount = sizeOption(options.contacts, DEFAULTS.contacts, 'contacts')
  const ownerEmail = (options.ownerEmail ?? DEFAULTS.ownerEmail).trim().toLowerCase()
  const ownerPassword = options.ownerPassword ?? DEFAULTS.ownerPassword
  const emailDomain = ownerEmail.split('@')[1]
  if (!emailDomain || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(ownerEmail)) throw new Error(`seed: "${ownerEmail}" is not an email address`)
  if (ownerPassword.length < 8) throw new Error('seed: the owner password needs at least 8 characters')

  const now = (options.now ?? new Date()).getTime()
  const orgCreated = foundedAt(now)
  const orgId = idAt(orgCreated)
  const generator = new DemoGenerator(options.seed ?? DEFAULTS.seed, now, orgId, orgCreated)

  // Argon2 is slow on purpose: hash once, every demo user shares the password.
  const passwordHash = await options.hashPassword(ownerPassword)

  const team = generator.users(emailDomain, passwordHash, ownerEmail)
  const ownerId = team[0]!.id
  const sellerIds = team.filter(u => u.row.role !== 'viewer').map(u => u.id)
  const companyList = generator.companies(companyCount, sellerIds)
  const contactList = generator.contacts(contactCount, companyList, sellerIds)
  const stages = defaultPipeline('de').stages
  const pipelineId = idAt(orgCreated + HOUR)
  const dealList = generator.deals(Math.round(contactCount * DEALS_PER_CONTACT), contactList, pipelineId, stages)
  const activityList = generator.activities(Math.round(contactCount * ACTIVITIES_PER_CONTACT), ownerId, sellerIds, contactList, companyList, dealList)
  const stays = generator.stageHistory(dealList, stages)

  await runAsTenant(db, orgId, async (tx) => {
    await assertEmailsAvailable(tx, team)
    // Built after the e-mail check, which may have renamed a colleague.
    const auditList = generator.audit(ownerId, team, companyList, contactList, dealList, activityList, stays)
    await tx.insert(organizations).values({
      id: orgId, name: orgName, settings: { defaultCurrency: 'EUR', defaultLocale: 'de' },
      createdAt: new Date(orgCreated), updatedAt: new Date(orgCreated),
    })
    await insertInBatches(tx, users, team.map(u => u.row))
    await tx.insert(pipelines).values({
      orgId, id: pipelineId, name: 'Vertrieb', stages, position: 0,
      createdAt: new Date(orgCreated + HOUR), updatedAt: new Date(orgCreated + HOUR),
    })
    await insertInBatches(tx, companies, companyList.map(c => c.row))
    await insertInBatches(tx, contacts, contactList.map(c => c.row))
    await insertInBatches(tx, deals, dealList.map(d => d.row))
    await insertInBatches(tx, dealStageHistory, stays)
    await insertInBatches(tx, activities, activityList)
    await insertInBatches(tx, auditLogs, auditList)
  })

  return {
    orgId,
    orgName,
    ownerEmail,
    ownerPassword,
    counts: { users: team.length, companies: companyList.length, contacts: contactList.length, deals: dealList.length, activities: activityList.length },
  }
}

/**
 * Emails are unique across all organizations. The owner's clash is an error (that login
 * already exists); a colleague's gets a number so another demo org can still be seeded.
 */
async function assertEmailsAvailable(tx: Transaction, team: SeedUser[]): Promise<void> {
  const taken = async (email: string) =>
    resultRows<{ user_id: string }>(await tx.execute(sql`select user_id from auth_find_login(${email})`)).length > 0
  const [owner, ...colleagues] = team
  if (owner && await taken(owner.row.email)) throw new Error(`seed: a user with the email ${owner.row.email} already exists`)
  for (const colleague of colleagues) {
    const [local, domain] = colleague.row.email.split('@') as [string, string]
    for (let n = 2; await taken(colleague.row.email); n++) colleague.row.email = `${local}${n}@${domain}`
  }
}
