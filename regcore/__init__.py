"""regcore: Vietnamese regulations as executable, explainable rules.

import regcore
rules = regcore.load()                      # the bundled Thông tư 09/2024/TT-BKHCN
result = rules.evaluate("dossier.json", as_of=date(2026, 11, 22))
result.status, result["acceptance.classification"].value
"""

from regcore.errors import DossierError, RegError, RuleCheckError, RuleSyntaxError

__version__ = "0.1.0"

from regcore.api import ErrorResult, RuleSet, load, loads
from regcore.result import Decision, Result

__all__ = [
    "Decision",
    "DossierError",
    "ErrorResult",
    "RegError",
    "Result",
    "RuleCheckError",
    "RuleSet",
    "RuleSyntaxError",
    "__version__",
    "load",
    "loads",
]
