"""Interactive figures for the chapters: anywidget classes whose front end runs in the browser.

Each widget is one small Python class (its state as traitlets: numbers, and arrays as bytes)
and an ES module beside it (``name.js``) that draws and answers the reader's input entirely
in the browser. So the same object is live in JupyterLab and fully interactive on the static
website, where no Python runs: the book build embeds each widget's state and module in the
page. The maths behind every widget is a small pure function in ``mlpbook`` and its
JavaScript twin is tested equal to it (``tests/test_widgets_js.py``).
"""

from __future__ import annotations

from .cost_explorer import CostExplorer, cost_explorer  # noqa: F401
from .descent_explorer import DescentExplorer, descent_explorer  # noqa: F401
from .drawing_pad import DrawingPad  # noqa: F401
from .fine_tune import FineTuner  # noqa: F401
from .hidden_layer_explorer import HiddenLayerExplorer  # noqa: F401
from .network_viewer import NetworkViewer  # noqa: F401
from .neuron_explorer import NeuronExplorer, neuron_explorer  # noqa: F401
from .squish_explorer import SquishExplorer, squish_explorer  # noqa: F401
from .trainer import Trainer  # noqa: F401
from .answer_box import AnswerBox, ExerciseProgress, LiveCheck  # noqa: F401
