"""Views of the longlist, the facilitator's round pages, the projector and voters."""

from .longlist import LonglistImportView  # noqa: F401
from .longlist import LonglistView  # noqa: F401
from .longlist import RoundOpenView  # noqa: F401
from .longlist import TopicDecideView  # noqa: F401
from .longlist import TopicMergeView  # noqa: F401
from .longlist import TopicRenameView  # noqa: F401
from .longlist import voting_section_context  # noqa: F401
from .rounds import RoundBarsView  # noqa: F401
from .rounds import RoundCloseView  # noqa: F401
from .rounds import RoundConfirmView  # noqa: F401
from .rounds import RoundDetailView  # noqa: F401
from .rounds import RoundPaperView  # noqa: F401
from .rounds import RoundPerRoleView  # noqa: F401
from .rounds import RoundProjectorView  # noqa: F401
from .rounds import RoundQrView  # noqa: F401
from .rounds import RoundSecondView  # noqa: F401
from .rounds import RoundSettingsView  # noqa: F401
from .rounds import RoundTallyView  # noqa: F401
from .voter import ballot  # noqa: F401
from .voter import ballot_join  # noqa: F401
from .voter import ballot_suggest  # noqa: F401
from .voter import ballot_vote  # noqa: F401
from .voter import join  # noqa: F401
