"Decoded actions vs. the demonstrations labels on 240 demonstration frames: greedy vs mean decoding, DART and noisy-label SFT models (normalized units; dims x y z roll pitch yaw gripper)."
import torch, numpy as np
from vintix_lab.vla.sft import load_vla, load_demos, UNNORM_KEY
from vintix_lab.vla.model import encode_prompts, to_pixel_values
from vintix_lab.vla.actions import normalize_actions
torch.manual_seed(0)
for name, demos in [("dart40", "data/vla/demos_lift_ws_40_dart.h5"), ("noisy100", "data/vla/demos_lift_ws_100.h5")]:
    model_dir = {"dart40": "data/vla/sft_ws_d40_s800_dart", "noisy100": "data/vla/sft_ws_d100_s1500"}[name]
    model, tok = load_vla(model_dir); model.eval()
    d = load_demos(demos); idx = np.arange(0, len(d["action"]), max(1, len(d["action"]) // 240))[:240]
    pix = to_pixel_values(d["image"][idx]); ids, mask = encode_prompts(tok, [d["instruction"]] * len(idx))
    stats = model.get_action_stats(UNNORM_KEY)
    lab = np.asarray(normalize_actions(d["action"][idx], stats))
    with torch.no_grad():
        g = model.predict_action_tokens(pix, ids, mask)
        m = model.predict_action_tokens(pix, ids, mask, mean=True)
    act = model.action_tokenizer
    ga, ma = act.decode(g.token_ids.numpy()), act.decode(m.token_ids.numpy())
    print(name, "mean |greedy - label| per dim", np.round(np.abs(ga - lab).mean(0), 3))
    print(name, "mean |mean   - label| per dim", np.round(np.abs(ma - lab).mean(0), 3))
    print(name, "mean |mean - greedy| per dim ", np.round(np.abs(ma - ga).mean(0), 3), " label spread", np.round(lab.std(0), 3))
