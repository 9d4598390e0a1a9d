"""Encoders: the default multilingual USE and a sentence-transformers backend (MiniLM, English)."""
import numpy as np
import pytest

from nlp.encoders import EncoderError, load_encoder

pytestmark = pytest.mark.slow


def test_encoders_use_is_multilingual_and_normalised(pipeline):
    e = pipeline.encoder.encode(["The price is too high.", "价格太高了。", "The weather is lovely today."])
    assert e.shape == (3, 512)
    assert np.allclose(np.linalg.norm(e, axis=1), 1, atol=1e-3)
    assert e[0] @ e[1] > e[0] @ e[2], "a sentence and its translation are closer than an unrelated sentence"


def test_encoders_unknown_name_lists_the_choices():
    with pytest.raises(EncoderError, match="use, minilm"):
        load_encoder("bert-huge")


def test_encoders_missing_sentence_transformers_folder_is_a_clear_error(tmp_path):
    with pytest.raises(EncoderError, match="does not exist"):
        load_encoder(f"st:{tmp_path / 'nope'}")


def test_encoders_sentence_transformers_backend_runs_the_whole_analysis():
    from nlp.pipeline import Pipeline

    p = Pipeline.load("minilm")
    assert p.encoder.name == "minilm" and p.encoder.dim == 384
    a = p.analyze("Customer: Send me the full specification, the benchmark methodology and the raw error rates. "
                  "I will compare them line by line with our current process.\nRep: Sure!")
    assert a.style.label == "analytical"
    assert a.model_versions["encoder"] == "minilm"
    assert abs(sum(a.emotion.scores.values()) - 1) < 1e-3


def test_encoders_use_start_up_does_not_pay_for_torch():
    """Start-up time is a user-visible target: the default encoder and spaCy's cue features load
    without importing torch, and torch still imports afterwards for the minilm backend."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from nlp.encoders import load_encoder\n"
            "from nlp.features import CueExtractor\n"
            "load_encoder('use'); CueExtractor()\n"
            "assert 'torch' not in sys.modules, 'torch was imported'\n"
            "import torch\n"
            "print('torch', torch.__version__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "torch 2." in done.stdout
