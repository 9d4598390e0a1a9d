"""A detector's fine-tuned copy of the encoder: trained through the same forward pass it is read with."""
import numpy as np
import pytest

from nlp import tuned

TEXTS = ["I think the price is too high for us.", "我回去跟老板汇报一下", "ok", "",
         "How many of the late orders come from one supplier?"]


def _torch_encode(model, encoder, texts):
    import torch

    backend = tuned._backend(encoder)
    with torch.no_grad():
        return model.encode_ids(backend, [tuned._token_ids(backend, t) for t in texts]).numpy()


def test_the_training_forward_pass_is_the_shipped_encoders(pipeline):
    enc = pipeline.encoder
    model = tuned._TorchUSE(tuned.base_weights(enc))
    assert np.abs(_torch_encode(model, enc, TEXTS) - enc.encode(TEXTS)).max() < 1e-5


def test_a_tuned_copy_reads_with_its_own_weights_and_leaves_the_shipped_encoder_alone(pipeline):
    enc = pipeline.encoder
    before = enc.encode(TEXTS)
    rng = np.random.default_rng(0)
    weights = {k: v + rng.normal(0, 0.01, v.shape).astype(np.float32) if k in tuned.DENSE else v
               for k, v in tuned.base_weights(enc).items()}
    copy = tuned.TunedEncoder(enc, weights)
    mine = copy.encode(TEXTS)
    assert np.abs(mine - before).max() > 0.01  # other weights, other embeddings
    # numpy at inference reads exactly what torch trained
    assert np.abs(mine - _torch_encode(tuned._TorchUSE(weights), enc, TEXTS)).max() < 1e-5
    assert np.array_equal(enc.encode(TEXTS), before)
    pooled = copy.pooled([TEXTS[:2], [], [TEXTS[2]]])
    assert np.allclose(pooled[0], mine[:2].mean(axis=0), atol=1e-6)
    assert np.allclose(pooled[1], mine[3], atol=1e-6)  # an empty span reads as one empty sentence
    assert np.allclose(pooled[2], mine[2], atol=1e-6)


def test_fine_tuning_learns_labels_and_reports_each_checkpoint(pipeline):
    enc = pipeline.encoder
    spans = [["Could you send me the invoice?"], ["发票能发我一下吗？"], ["When does the train leave?"], ["火车几点开？"],
             ["I love this phone!"], ["这手机太棒了！"], ["What a great day."], ["今天真开心。"]]
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    seen = {}
    tuned.fine_tune(enc, spans, y, np.ones(len(y)), 2, (1, 4), seed=0,
                    on_checkpoint=lambda w, W, b, epoch: seen.__setitem__(epoch, (w, W, b)), batch=4)
    assert sorted(seen) == [1, 4]
    w, W, b = seen[4]
    assert set(w) == set(tuned.DENSE) and W.shape == (2, enc.dim)
    logits = tuned.TunedEncoder(enc, w).pooled(spans) @ W.T + b
    assert (logits.argmax(axis=1) == y).all()
    assert not np.allclose(w["cnn_W"], tuned.base_weights(enc)["cnn_W"])  # the encoder itself moved


def test_only_the_use_encoder_can_be_tuned():
    class Other:
        name, dim = "minilm", 384

    assert not tuned.can_tune(Other())
    with pytest.raises(ValueError, match="needs the 'use' encoder"):
        tuned.TunedEncoder(Other(), {})
