"""State the page sends reaches every widget as the widget comm delivers it.

In JupyterLab the page's binary state (an ArrayBuffer or DataView it set: the trainer's
weights, the drawing pad's pixels) travels as a separate buffer of the comm message and is
handed to the widget as a ``memoryview``. ``traitlets.Bytes`` refuses a memoryview, and the
refusal only shows in JupyterLab's log console, so these tests send state the way the kernel
receives it: a comm message with ``buffer_paths`` and memoryview buffers, through the
widget's comm handler (``comm.handle_msg``), not Python ``bytes`` set directly.
"""

import numpy as np
import pytest
import traitlets

from mlpbook import Network, widgets
from mlpbook.widgets._base import BookWidget, from_page
from mlpbook.widgets.drawing_pad import DrawingPad
from mlpbook.widgets.trainer import Trainer


def update_message(state, buffers):
    """An 'update' comm message as ipykernel hands it to the widget: each buffer a memoryview
    (zmq frames), named by its path in the state."""
    return {"content": {"data": {"method": "update", "state": state,
                                 "buffer_paths": [path for path, _ in buffers]}},
            "buffers": [memoryview(np.frombuffer(data, np.uint8).copy()) for _, data in buffers]}


def send_from_page(widget, state, buffers=()):
    widget.comm.handle_msg(update_message(state, list(buffers)))


def test_from_page_makes_every_buffer_bytes_wherever_it_sits():
    view = memoryview(b"\x01\x02")
    assert from_page(view) == b"\x01\x02" and type(from_page(view)) is bytes
    assert from_page(bytearray(b"ab")) == b"ab" and type(from_page(bytearray(b"ab"))) is bytes
    nested = from_page({"a": [view, {"b": view}], "c": 3, "d": "text"})
    assert nested == {"a": [b"\x01\x02", {"b": b"\x01\x02"}], "c": 3, "d": "text"}
    assert type(nested["a"][1]["b"]) is bytes


def test_trainer_reads_the_pages_trained_network_from_a_comm_message():
    """What trainer.js's writeBack sends: the weights as a float64 buffer, the settings and
    history as JSON, in one update message."""
    w = Trainer()
    net = Network([784, 16, 16, 10], seed=5, dtype=np.float64)
    net.params += np.linspace(-0.1, 0.1, net.n_params)
    info = {"sizes": [784, 16, 16, 10], "activation": "sigmoid", "cost": "quadratic",
            "epochs": 1.5, "examples": 15000, "steps": 1500, "test_accuracy": 0.87,
            "test_curve": [[0.25, 0.8], [0.5, 0.85]]}
    send_from_page(w, {"trained_info": info},
                   [(["trained_params"], net.params.astype("<f8").tobytes())])
    assert type(w.trained_params) is bytes
    back = w.network()
    assert np.array_equal(back.params, net.params)
    assert w.history == info
    # Reset in the page: an empty buffer and no info
    send_from_page(w, {"trained_info": {}}, [(["trained_params"], b"")])
    with pytest.raises(RuntimeError, match="nothing trained yet"):
        w.network()
    assert w.history == {}


def test_trainer_refuses_what_it_cannot_read_from_the_page():
    w = Trainer()
    send_from_page(w, {"trained_info": {"sizes": [784, 16, 16, 10], "activation": "sigmoid",
                                        "cost": "quadratic"}},
                   [(["trained_params"], np.zeros(13001).tobytes())])
    with pytest.raises(ValueError, match="sent 13001 parameters"):
        w.network()


def test_drawing_pad_reads_pixels_and_strokes_from_a_comm_message():
    pad = DrawingPad(Network([784, 16, 16, 10], seed=0))
    image = np.zeros((28, 28), np.float32)
    image[8:20, 12:16] = 1.0
    strokes = [[[0.5, 0.2], [0.5, 0.8]]]
    send_from_page(pad, {"strokes": strokes}, [(["pixels"], image.astype("<f4").tobytes())])
    assert type(pad.pixels) is bytes and pad.strokes == strokes
    assert np.array_equal(pad.image(), image)
    send_from_page(pad, {"strokes": []}, [(["pixels"], b"")])
    assert pad.image() is None


def all_widget_classes():
    seen, todo = [], list(BookWidget.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls.__dict__.get("_module") and cls not in seen:
            seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


def test_every_widgets_binary_traits_take_a_buffer_from_the_comm():
    """Any Bytes trait of any widget accepts a memoryview buffer, also the ones only Python
    sets today: a page that sends one tomorrow must not be refused silently."""
    classes = all_widget_classes()
    names = {cls.__name__ for cls in classes}
    assert {"Trainer", "DrawingPad", "NetworkViewer", "NeuronExplorer"} <= names
    checked = 0
    for cls in classes:
        binary = {name: trait for name, trait in cls.class_traits(sync=True).items()
                  if isinstance(trait, traitlets.Bytes)}
        for name, trait in binary.items():
            assert trait.metadata.get("from_json") is None, (
                f"{cls.__name__}.{name} has its own from_json: it must call from_page too")
            converted = cls._trait_from_json(memoryview(b"\x00" * 8), None)
            assert converted == b"\x00" * 8 and type(converted) is bytes
            checked += 1
    assert checked >= 10
    assert widgets.Trainer is Trainer
