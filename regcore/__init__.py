"""regcore: Vietnamese regulations as executable, explainable rules."""

from regcore.errors import DossierError, RegError, RuleCheckError, RuleSyntaxError

__version__ = "0.1.0"

__all__ = ["DossierError", "RegError", "RuleCheckError", "RuleSyntaxError", "__version__"]
