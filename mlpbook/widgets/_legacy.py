"""ipywidgets for the chapters.

Each widget is a thin shell: the computation behind it is a small pure function
in mlpbook (so it can be tested, and later run in the reader's browser), and the
widget only wires sliders to that function and redraws a figure.  Every widget
function returns the widget; the chapters also show a static figure so the page
reads well without a running kernel.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Widgets are added below, one section per chapter.
# ---------------------------------------------------------------------------


# --- chapter 03: squishing functions ---
def squish_explorer(w=1.0, b=0.0, activation="sigmoid"):
    """Sliders for the weight and bias of one neuron with one input: f(w·z + b).

    The computation is :func:`mlpbook.viz.squish_curve`; this only wires the
    sliders to it and redraws.  The dotted grey curve is f(z) for comparison.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from . import viz

    w_slider = widgets.FloatSlider(value=w, min=-5.0, max=10.0, step=0.1, description="weight w")
    b_slider = widgets.FloatSlider(value=b, min=-10.0, max=10.0, step=0.5, description="bias b")
    kind = widgets.ToggleButtons(options=[("sigmoid", "sigmoid"), ("ReLU", "relu")],
                                 value=activation, description="function")

    def draw(w, b, activation):
        fig, ax = plt.subplots(figsize=(6.5, 3))
        name = "σ" if activation == "sigmoid" else "ReLU"
        viz.plot_squish(ax, 1.0, 0.0, activation, z_max=8.0, color=viz.GREY, mark_step=False,
                        label=f"{name}(z)", lw=1, ls=":")
        sign = "+" if b >= 0 else "−"
        viz.plot_squish(ax, w, b, activation, z_max=8.0, color=viz.BLUE, lw=2,
                        label=f"{name}({w:g}·z {sign} {abs(b):g})")
        where = viz.step_position(w, b)
        what = "midpoint" if activation == "sigmoid" else "bend"
        ax.set_title(f"{what} at z = −b/w = {where:.2f}" if where is not None
                     else "w = 0: the neuron ignores its input", fontsize=10)
        if activation == "relu":
            ax.set_ylim(-0.5, 10)
        ax.set_ylabel("activation")
        ax.legend(frameon=False, fontsize=8, loc="upper left")
        fig.tight_layout()
        display(fig)
        plt.close(fig)

    out = widgets.interactive_output(draw, {"w": w_slider, "b": b_slider, "activation": kind})
    return widgets.VBox([widgets.HBox([w_slider, b_slider]), kind, out])


# --- chapter 04: the cost of an output ---
def cost_explorer(label=3, confidence=0.5, rival=None):
    """Choose the right digit and how much of the output the network gives it; see both costs.

    The output vector comes from :func:`mlpbook.viz.confident_output` (entries add
    up to 1, like a softmax), the costs from :func:`mlpbook.viz.output_costs`.
    Left: the 10 outputs against the desired one-hot output. Right: both costs as
    the confidence varies, with the current setting marked.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    import numpy as np
    from IPython.display import display

    from . import viz

    digit = widgets.Dropdown(options=list(range(10)), value=int(label), description="right digit")
    conf = widgets.FloatSlider(value=confidence, min=0.01, max=0.99, step=0.01,
                               description="its output", readout_format=".2f")
    rest = widgets.Dropdown(options=[("spread evenly", -1)] + [(f"all on {k}", k) for k in range(10)],
                            value=-1 if rival is None else int(rival), description="the rest")
    grid = np.linspace(0.01, 0.99, 99)

    def draw(label, confidence, rival):
        rival = None if rival < 0 else rival
        fig, (ax_bar, ax_cost) = plt.subplots(1, 2, figsize=(7, 2.9),
                                              gridspec_kw={"width_ratios": [1.3, 1]})
        viz.plot_output_and_costs(ax_bar, viz.confident_output(label, confidence, rival), label)
        ax_bar.set_ylabel("output activation")
        curves = [viz.output_costs(viz.confident_output(label, p, rival), label) for p in grid]
        now = viz.output_costs(viz.confident_output(label, confidence, rival), label)
        for key, colour, name in (("quadratic", viz.BLUE, "quadratic"),
                                  ("cross_entropy", viz.GREEN, "cross-entropy")):
            ax_cost.plot(grid, [c[key] for c in curves], color=colour, label=name)
            ax_cost.plot([confidence], [now[key]], "o", color=colour)
        ax_cost.set_ylim(0, 5)
        ax_cost.set_xlabel(f"output for the right digit {label}")
        ax_cost.set_ylabel("cost")
        ax_cost.legend(frameon=False, fontsize=8)
        fig.tight_layout()
        display(fig)
        plt.close(fig)

    out = widgets.interactive_output(draw, {"label": digit, "confidence": conf, "rival": rest})
    return widgets.VBox([widgets.HBox([digit, rest]), conf, out])


# --- chapter 05: gradient descent ---
def descent_explorer(start=-2.0, lr=0.05, steps=30):
    """Sliders for the start point, the learning rate and the number of steps of
    gradient descent on the 1-D cost of chapter 5; redraws the path on the curve.

    The computation is :func:`mlpbook.descent.descend` on
    :func:`mlpbook.descent.slope1d`; the drawing is :func:`mlpbook.viz.plot_descent_1d`
    and :func:`mlpbook.viz.plot_step_sizes`.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from . import descent, viz

    lo, hi = descent.COST1D_RANGE
    style = {"description_width": "90px"}
    layout = widgets.Layout(width="330px")
    s_start = widgets.FloatSlider(value=start, min=lo + 0.2, max=hi - 0.2, step=0.05,
                                  description="start w", style=style, layout=layout,
                                  continuous_update=False)
    s_lr = widgets.FloatLogSlider(value=lr, base=10, min=-3, max=0.3, step=0.05,
                                  description="learning rate η", style=style, layout=layout,
                                  readout_format=".3g", continuous_update=False)
    s_steps = widgets.IntSlider(value=steps, min=0, max=100, step=1, description="steps",
                                style=style, layout=layout, continuous_update=False)

    def draw(start, lr, steps):
        path = descent.descend(descent.slope1d, start, lr, steps)
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7, 2.8),
                                       gridspec_kw={"width_ratios": [1.7, 1]})
        end = f"end: w = {path[-1]:.3f}, C(w) = {descent.cost1d(path[-1]):.3f}"
        viz.plot_descent_1d(path, ax=ax1, title=end)
        if len(path) > 1:
            viz.plot_step_sizes(path, ax=ax2, title="length of each step")
        else:
            ax2.axis("off")
        fig.tight_layout()
        display(fig)
        plt.close(fig)

    out = widgets.interactive_output(draw, {"start": s_start, "lr": s_lr, "steps": s_steps})
    return widgets.VBox([widgets.HBox([s_start, s_lr]), s_steps, out])


# --- chapter 02: weights and bias ---
def neuron_explorer(images, labels=None, index=0, bias=0.0, pattern="horizontal edge",
                    bias_range=(-40.0, 40.0)):
    """One neuron looking at one digit: choose the digit, the weight pattern and the bias.

    Shows weights × digit = products, the weighted sum, z = sum + bias and sigma(z).
    The computation is :func:`mlpbook.neuron.neuron_response`; the figure is
    :func:`mlpbook.viz.show_neuron_response`.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    import numpy as np
    from IPython.display import display

    from . import neuron, viz

    images = np.asarray(images)
    patterns = {}  # built once per name

    def weights_for(name):
        if name not in patterns:
            patterns[name] = neuron.weight_pattern(name)
        return patterns[name]

    style = {"description_width": "90px"}
    layout = widgets.Layout(width="360px")
    index_slider = widgets.IntSlider(value=index, min=0, max=len(images) - 1,
                                     description="digit number", continuous_update=False,
                                     style=style, layout=layout)
    bias_slider = widgets.FloatSlider(value=bias, min=bias_range[0], max=bias_range[1], step=0.5,
                                      description="bias b", continuous_update=False,
                                      style=style, layout=layout)
    pattern_menu = widgets.Dropdown(options=list(neuron.PATTERNS), value=pattern,
                                    description="weights", style=style, layout=layout)

    def draw(index, bias, pattern):
        w = weights_for(pattern)
        image = images[index]
        response = neuron.neuron_response(w, image, bias)
        title = f"digit number {index}" + (f" (a {labels[index]})" if labels is not None else "")
        fig = viz.show_neuron_response(w, image, response, title=title)
        display(fig)
        plt.close(fig)

    out = widgets.interactive_output(draw, {"index": index_slider, "bias": bias_slider,
                                            "pattern": pattern_menu})
    controls = widgets.VBox([pattern_menu, index_slider, bias_slider])
    return widgets.VBox([controls, out])
