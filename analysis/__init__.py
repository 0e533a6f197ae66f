"""Who is quoted in a news article, with which attribution verbs, and how surely."""
__version__ = "0.1.0"
