// Where the generated people work: offices with the time-zone names Graph returns (Windows or IANA), the
// local work week, and the names people there tend to have (non-ASCII letters and apostrophes included).

export type Weekday = "sunday" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday";

export interface Site {
  city: string;
  continent: "Europe" | "North America" | "South America" | "Asia" | "Oceania" | "Africa";
  /** As Graph returns it in mailboxSettings: Exchange-created mailboxes say Windows, others IANA. */
  timeZone: string;
  workWeek: readonly Weekday[];
  names: NamePool;
}

interface NamePool {
  given: readonly string[];
  family: readonly string[];
}

const MON_FRI: readonly Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const SUN_THU: readonly Weekday[] = ["sunday", "monday", "tuesday", "wednesday", "thursday"];

const irishBritish: NamePool = {
  given: [
    "Siobhán",
    "Aoife",
    "Seán",
    "Niamh",
    "Liam",
    "Olivia",
    "Oliver",
    "Grace",
    "Róisín",
    "Eoin",
    "Chloë",
  ],
  family: [
    "O'Brien",
    "O'Connor",
    "D'Arcy",
    "McCarthy",
    "Smith",
    "Taylor",
    "Ó Súilleabháin",
    "Murphy",
    "Evans",
  ],
};
const germanNordic: NamePool = {
  given: ["Jürgen", "Björn", "Søren", "Åsa", "Anna", "Lukas", "Zoë", "Matthias", "Günther", "Ingrid"],
  family: ["Müller", "Schäfer", "Ødegaard", "Lindqvist", "Bäcker", "Weiß", "Schmidt", "Jäger", "Østergaard"],
};
const frenchSpanish: NamePool = {
  given: ["François", "Hélène", "José", "María", "Chiara", "Nicolò", "Inés", "Benoît", "Agnès", "Joël"],
  family: ["García", "Núñez", "D'Angelo", "Lefèvre", "Rossi", "Peña", "Dubois", "Ibáñez", "L'Hôpital"],
};
const polishCzech: NamePool = {
  given: ["Łukasz", "Zofia", "Jiří", "Małgorzata", "Paweł", "Agnieszka", "Tomáš", "Kateřina"],
  family: ["Wójcik", "Dvořák", "Kowalski", "Nowak", "Wiśniewska", "Novák", "Lewandowski", "Šťastný"],
};
const northAmerican: NamePool = {
  given: ["Emily", "Noah", "Jacob", "Madison", "DeShawn", "Renée", "Chloé", "Ethan", "Zoë", "Tyler"],
  family: ["Johnson", "Williams", "O'Neil", "Brown", "Nguyễn", "García", "D'Souza", "Miller", "LeBlanc"],
};
const latinAmerican: NamePool = {
  given: ["João", "Conceição", "Andrés", "Valentina", "Thiago", "Lucía", "Sebastián", "Gonçalo", "Martín"],
  family: ["Gonçalves", "Araújo", "Sánchez", "Muñoz", "Peña", "Brandão", "Rodríguez", "Magalhães"],
};
const indian: NamePool = {
  given: ["Priya", "Arjun", "Ananya", "Rohan", "Sneha", "Vikram", "Aarav", "Diya", "Karthik"],
  family: ["Sharma", "Iyer", "Patel", "Reddy", "Nair", "D'Souza", "Gupta", "Menon", "Banerjee"],
};
const eastAsian: NamePool = {
  given: ["Hiroshi", "Yūki", "Wei", "Xiaoming", "Minh", "Seo-yeon", "Haruto", "Mei", "Jiahui", "Sōta"],
  family: ["Tanaka", "Satō", "Wang", "Nguyễn", "Kim", "Lim", "Chen", "Itō", "Tan"],
};
const israeli: NamePool = {
  given: ["Noa", "Yael", "Itai", "Omer", "Tamar", "Avi"],
  family: ["Cohen", "Levi", "Mizrahi", "Peretz", "Ben-David", "Friedman"],
};
const oceanian: NamePool = {
  given: ["Aroha", "Tāne", "Mere", "Jack", "Charlotte", "Lachlan", "Matilda", "Wiremu"],
  family: ["Ngata", "Te Rangi", "O'Sullivan", "Walker", "Parata", "Thompson", "Whāanga"],
};
const african: NamePool = {
  given: ["Ngozi", "Chinedu", "Thandiwe", "Kwame", "Amara", "Sipho", "Wanjiru", "Adébáyọ̀", "Zanele"],
  family: ["Okafor", "Mensah", "Nkosi", "Otieno", "Adeyemi", "Dlamini", "Kamau", "Van der Merwe", "Naidoo"],
};

export const SITES: readonly Site[] = [
  {
    city: "Berlin",
    continent: "Europe",
    timeZone: "W. Europe Standard Time",
    workWeek: MON_FRI,
    names: germanNordic,
  },
  {
    city: "Dublin",
    continent: "Europe",
    timeZone: "GMT Standard Time",
    workWeek: MON_FRI,
    names: irishBritish,
  },
  {
    city: "Paris",
    continent: "Europe",
    timeZone: "Romance Standard Time",
    workWeek: MON_FRI,
    names: frenchSpanish,
  },
  { city: "Warsaw", continent: "Europe", timeZone: "Europe/Warsaw", workWeek: MON_FRI, names: polishCzech },
  {
    city: "Seattle",
    continent: "North America",
    timeZone: "Pacific Standard Time",
    workWeek: MON_FRI,
    names: northAmerican,
  },
  {
    city: "New York",
    continent: "North America",
    timeZone: "Eastern Standard Time",
    workWeek: MON_FRI,
    names: northAmerican,
  },
  {
    city: "Toronto",
    continent: "North America",
    timeZone: "America/Toronto",
    workWeek: MON_FRI,
    names: northAmerican,
  },
  {
    city: "São Paulo",
    continent: "South America",
    timeZone: "E. South America Standard Time",
    workWeek: MON_FRI,
    names: latinAmerican,
  },
  {
    city: "Bogotá",
    continent: "South America",
    timeZone: "America/Bogota",
    workWeek: MON_FRI,
    names: latinAmerican,
  },
  { city: "Bengaluru", continent: "Asia", timeZone: "Asia/Kolkata", workWeek: MON_FRI, names: indian },
  { city: "Pune", continent: "Asia", timeZone: "India Standard Time", workWeek: MON_FRI, names: indian },
  { city: "Tokyo", continent: "Asia", timeZone: "Tokyo Standard Time", workWeek: MON_FRI, names: eastAsian },
  {
    city: "Singapore",
    continent: "Asia",
    timeZone: "Singapore Standard Time",
    workWeek: MON_FRI,
    names: eastAsian,
  },
  {
    city: "Tel Aviv",
    continent: "Asia",
    timeZone: "Israel Standard Time",
    workWeek: SUN_THU,
    names: israeli,
  },
  {
    city: "Sydney",
    continent: "Oceania",
    timeZone: "AUS Eastern Standard Time",
    workWeek: MON_FRI,
    names: oceanian,
  },
  {
    city: "Auckland",
    continent: "Oceania",
    timeZone: "Pacific/Auckland",
    workWeek: MON_FRI,
    names: oceanian,
  },
  {
    city: "Johannesburg",
    continent: "Africa",
    timeZone: "South Africa Standard Time",
    workWeek: MON_FRI,
    names: african,
  },
  { city: "Nairobi", continent: "Africa", timeZone: "Africa/Nairobi", workWeek: MON_FRI, names: african },
];

export const DEPARTMENTS: readonly string[] = [
  "Engineering",
  "Sales",
  "Marketing",
  "Finance",
  "People & Culture",
  "Operations",
  "Legal",
  "Customer Success",
  "Product",
  "Research",
  "IT",
  "Facilities",
];

/** Meeting rooms, booked as `resource` attendees; they are not users of the tenant. */
export const ROOMS: readonly string[] = [
  "room.agora",
  "room.fjord",
  "room.kilimanjaro",
  "room.sakura",
  "room.amazonas",
  "room.uluru",
];
