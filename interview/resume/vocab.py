"""Word lists for reading job ads and resumes: section headings, requirement cues, stop
words, and the ambiguous or noisy terms that must not count as skills."""

from __future__ import annotations

REQUIRED, RESP, GENERAL, NICE, OTHER = "required", "responsibilities", "general", "nice", "other"
SECTION_SCORE = {REQUIRED: 3.0, RESP: 2.0, GENERAL: 1.5, NICE: 1.0, OTHER: 0.5}

# Heading phrases, compared on lower-case words; nice-to-have is checked first because
# "preferred qualifications" also contains "qualifications".
HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        NICE,
        (
            "nice to have",
            "nice to haves",
            "preferred",
            "bonus",
            "pluses",
            "desirable",
            "good to have",
            "extra credit",
            "even better",
            "would be great",
            "a plus",
        ),
    ),
    (
        OTHER,
        (
            "about us",
            "about the company",
            "who we are",
            "benefits",
            "perks",
            "what we offer",
            "compensation",
            "salary",
            "equal opportunity",
            "how to apply",
            "our culture",
            "why join",
            "why you ll love",
            "location",
            "the company",
        ),
    ),
    (
        RESP,
        (
            "responsibilities",
            "what you ll do",
            "what you will do",
            "the role",
            "your role",
            "duties",
            "in this role",
            "day to day",
            "what you ll work on",
            "your impact",
        ),
    ),
    (
        REQUIRED,
        (
            "requirements",
            "required",
            "must have",
            "must haves",
            "qualifications",
            "what you ll need",
            "what you need",
            "what we re looking for",
            "what we are looking for",
            "you have",
            "you will have",
            "skills",
            "about you",
            "who you are",
            "what you bring",
            "what you ll bring",
            "experience",
            "minimum",
            "basic qualifications",
        ),
    ),
)
NICE_CUES = (
    "nice to have",
    "a plus",
    "is a plus",
    "bonus",
    "preferred",
    "ideally",
    "desirable",
    "good to have",
    "advantage",
    "not required",
)
REQUIRED_CUES = ("must", "required", "requirement", "mandatory", "essential")

STOPWORDS = frozenset(
    """a about above across after again all also am an and any are as at be been being both but
    by can could did do does doing for from had has have having he her here how i if in into is
    it its just like may me more most must my no nor not of off on once only or other our out
    over own same she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours etc e g eg ie i e per via within without across using use
    used able ability strong solid excellent good great deep proven demonstrated hands on
    experience experienced years year plus knowledge understanding familiarity familiar working
    work team teams role job candidate candidates ideal including include includes new well
    equivalent related field degree bachelor master masters bs ms relevant skills skill
    environment environments building build develop developing design designing large scale
    highly high quality fast paced passion passionate opportunity company join help across
    world class cutting edge best practices ensure collaborate closely other others day
    responsible responsibilities requirements required preferred nice have bonus what who we
    re ll ve s t engineer engineers scientist scientists senior junior staff principal lead
    manager analyst developer intern behind between around among toward towards against along
    beyond during before since upon onto every each many much several model models data system
    systems product products service services tool tools""".split()
)

# Skill aliases that are also ordinary English words: "carried the torch", "a ray of",
# "a spark of". After a determiner they are read as words, not as the tool.
AMBIGUOUS = frozenset({"torch", "ray", "spark", "go", "rust", "julia", "beam", "flux",
                       "dash", "arrow", "polars", "keras"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "his", "her", "their", "our",
                         "my", "its", "of"})

# Upper-case tokens in job ads that look technical but are places, grades or boilerplate.
AD_NOISE = frozenset("""eu us usa uk emea apac latam na nyc sf la sr jr snr ii iii iv app apps
    ok hr pto ceo cto cfo vp svp fte wfh eoe eeo dei usd eur gbp id faq q1 q2 q3 q4 h1 h2 ai
    it ip pm am est pst cet gmt utc asap tbd etc fyi ft pt""".split())
