"""Facts about the DVA-C02 exam that several apps share (AWS exam guide)."""

DOMAINS = {
    1: "Development with AWS Services",
    2: "Security",
    3: "Deployment",
    4: "Troubleshooting and Optimization",
}
DOMAIN_WEIGHTS = {1: 32, 2: 26, 3: 24, 4: 18}
QUESTION_COUNT = 65
DURATION_MINUTES = 130
SCALED_SCORE_RANGE = (100, 1000)
PASSING_SCALED_SCORE = 720
