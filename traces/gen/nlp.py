"""Encoder-decoder translation transformers: Transformer-base (WMT) and HAT's WMT'14 En-De
SubTransformers (mit-han-lab/hardware-aware-transformers configs/wmt14.en-de/subtransformer/*.yml).

Lengths follow HAT's profiler (train.py --profile-flops): source 30 and target 30 tokens (the
average WMT sentence), one sentence, the decoder run once over all 30 target positions (teacher
forcing, not step-by-step decoding). Post-norm layers (fairseq default normalize_before=False),
ReLU FFN, biases everywhere, sinusoidal positions, one embedding table shared by encoder, decoder
and output projection (share-all-embeddings). HAT's arbitrary encoder-decoder attention
concatenates the last k encoder layers' outputs along the length: K/V length 30*k.
"""
from emit import L, block, res_block, write_trace

SRC_LEN, TGT_LEN = 30, 30
VOCAB = 32768  # assumption: joined BPE dictionary of fairseq's wmt16_en_de_bpe32k (size not in the configs)


def enc_layer(dim, ffn, heads, qkv):
    return [res_block("self_attn", [L("self_attention", heads=heads, qkv_dim=qkv)], [], post=[L("layernorm")]),
            res_block("ffn", [L("linear", out=ffn), L("relu"), L("linear", out=dim)], [], post=[L("layernorm")])]


def dec_layer(dim, ffn, heads, ende_heads, qkv, enc_dim, kv_layers):
    cross = L("cross_attention", heads=ende_heads, qkv_dim=qkv, kv_len=SRC_LEN * kv_layers, kv_dim=enc_dim)
    return [res_block("self_attn", [L("self_attention", heads=heads, qkv_dim=qkv)], [], post=[L("layernorm")]),
            res_block("cross_attn", [cross], [], post=[L("layernorm")]),
            res_block("ffn", [L("linear", out=ffn), L("relu"), L("linear", out=dim)], [], post=[L("layernorm")])]


def seq2seq(name, cfg, source, notes):
    e, d, qkv = cfg["enc_dim"], cfg["dec_dim"], cfg["qkv"]
    blocks = [block("encoder_embed", [L("embedding", vocab=VOCAB, dim=e, tokens=SRC_LEN),
                                      L("pos_embed", learned=False)])]
    for i, (ffn, h) in enumerate(zip(cfg["enc_ffn"], cfg["enc_heads"])):
        blocks.append({"group": f"encoder.{i}", "blocks": enc_layer(e, ffn, h, qkv)})
    blocks.append(block("decoder_embed", [L("embedding", vocab=VOCAB, dim=d, tokens=TGT_LEN, shared=True),
                                          L("pos_embed", learned=False)]))
    for i, (ffn, h, eh, arb) in enumerate(zip(cfg["dec_ffn"], cfg["dec_heads"], cfg["ende_heads"], cfg["arbitrary"])):
        kv_layers = 1 if arb == -1 else arb + 1
        blocks.append({"group": f"decoder.{i}", "blocks": dec_layer(d, ffn, h, eh, qkv, e, kv_layers)})
    blocks.append(block("output_projection", [L("linear", out=VOCAB, bias=False, shared=True)]))
    write_trace(OUT_DIR[0], name, [1, 1, SRC_LEN, 1], blocks, source=source, notes=notes)


OUT_DIR = [None]
COMMON = (f"Source/target length {SRC_LEN}/{TGT_LEN} (HAT's FLOPs profiler), shared vocabulary {VOCAB} "
          "(assumed), post-norm, sinusoidal positions. HAT reports params without embeddings and FLOPs "
          "(= 2 MACs) without the output projection; see docs/workloads.md.")
HAT = "mit-han-lab/hardware-aware-transformers configs/wmt14.en-de/subtransformer/"


def hat(name, file, enc_dim, enc_ffn, enc_heads, dec_ffn, dec_heads, ende_heads, arbitrary, paper):
    cfg = dict(enc_dim=enc_dim, dec_dim=enc_dim, qkv=512, enc_ffn=enc_ffn, enc_heads=enc_heads, dec_ffn=dec_ffn,
               dec_heads=dec_heads, ende_heads=ende_heads, arbitrary=arbitrary)
    seq2seq(name, cfg, HAT + file + " (qkv-dim 512 from common.yml)", paper + " " + COMMON)


def write_all(out_dir):
    OUT_DIR[0] = out_dir
    seq2seq("transformer_base_wmt",
            dict(enc_dim=512, dec_dim=512, qkv=512, enc_ffn=[2048] * 6, enc_heads=[8] * 6, dec_ffn=[2048] * 6,
                 dec_heads=[8] * 6, ende_heads=[8] * 6, arbitrary=[-1] * 6),
            "Vaswani et al., NeurIPS 2017, Transformer-base (6+6 layers, d 512, FFN 2048, 8 heads)", COMMON)
    hat("hat_wmt14ende_rpi_6.0s", "HAT_wmt14ende_raspberrypi@6.0s_bleu@28.2.yml", 512, [3072] * 6,
        [4, 4, 4, 8, 8, 4], [2048, 2048, 3072, 3072], [4, 8, 8, 4], [4, 8, 8, 8], [-1, -1, 1, -1],
        "ShiftAddNAS NLP table: HAT 44M params, 2.7G FLOPs, 28.2 BLEU.")
    hat("hat_wmt14ende_rpi_4.5s", "HAT_wmt14ende_raspberrypi@4.5s_bleu@27.6.yml (copy in GATECH-EIC/ShiftAddNAS "
        "NLP/en-de/configs; same arch as titanxp@91.2ms_bleu@27.6)", 512, [3072] * 6, [4, 8, 8, 4, 8, 8],
        [3072, 3072], [8, 8], [8, 8], [-1, 1], "ShiftAddNAS NLP table: HAT 36M params, 2.2G FLOPs, 27.6 BLEU.")
    hat("hat_wmt14ende_rpi_3.5s", "HAT_wmt14ende_raspberrypi@3.5s_bleu@25.8.yml", 512,
        [1024, 3072, 3072, 2048, 2048, 2048], [4, 8, 4, 4, 4, 8], [3072], [8], [8], [-1],
        "ShiftAddNAS NLP table: HAT 25M params, 1.5G FLOPs, 25.8 BLEU.")
    hat("hat_wmt14ende_titanxp_146.7ms", "HAT_wmt14ende_titanxp@146.7ms_bleu@28.1.yml", 640, [3072] * 6,
        [4, 8, 8, 8, 4, 4], [3072, 3072, 3072], [8, 8, 8], [4, 8, 8], [-1, 1, 1],
        "Embedding 640 with qkv 512 (Q/K/V 640->512, output 512->640).")
