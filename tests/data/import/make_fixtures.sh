#!/bin/sh
# Regenerates the PDF import test data in this folder (tests/unit/extract_test.cpp reads it).
# Needs: the peers folder (/work/shared/peers or $PEERS), a built vanthu ($VANTHU), LibreOffice
# (soffice), qpdf, pdftoppm (poppler-utils), img2pdf, python3. Run from anywhere:
#   sh tests/data/import/make_fixtures.sh
#
# What each file is:
#   peer-{000,002}-{libreoffice,typst,xelatex}.pdf  the peers' renderings of seeds 000 and 002
#       (copied from $PEERS/pdf; metadata in $PEERS/docs/doc000.json, doc002.json)
#   vanthu-dang-CT.pdf, vanthu-nha-nuoc-CV.pdf, vanthu-nha-nuoc-NQ.pdf   vanthu renderings of
#       templates/examples/{dang/CT,nha-nuoc/CV,nha-nuoc/NQ}.yaml (a snapshot; the unit test also
#       renders all 24 examples with the current vanthu)
#   lo-002-nfd.pdf       seed 002 through LibreOffice with every text in Unicode NFD: the text
#                        layer comes out decomposed
#   lo-002-ocr.pdf       seed 002 with OCR-like damage: "Noi nhân:", "T/M BAN THƯỜNG v ụ", no
#                        signer's name, unpadded date "ngày 5 tháng 3 năm 2023"
#   lo-state-qd.pdf      a State Quyết định laid out by LibreOffice (NĐ 30 header, "Số: 12/QĐ-UBND",
#                        "TM. / KT." signature), another producer than vanthu for the State profile
#   scan-002.pdf         page 1 of peer-002-xelatex.pdf as a 50 dpi grey image: no text layer
#   encrypted-user.pdf   peer-002-xelatex.pdf encrypted with user password "u" (AES-256)
#   encrypted-owner.pdf  the same with an owner password only (opens without a password)
#   truncated-002.pdf    the first 60 % of peer-002-xelatex.pdf
#   damaged-002.pdf      the header and the %%EOF of peer-002-xelatex.pdf with garbage between
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PEERS=${PEERS:-/work/shared/peers}
VANTHU=${VANTHU:-$ROOT/build/app/vanthu}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$HERE"

for d in 000 002; do
  for p in libreoffice typst xelatex; do
    cp "$PEERS/pdf/$d-$p.pdf" "peer-$d-$p.pdf"
    chmod 644 "peer-$d-$p.pdf"
  done
done

"$VANTHU" render "$ROOT/templates/examples/dang/CT.yaml" -o vanthu-dang-CT.pdf
"$VANTHU" render "$ROOT/templates/examples/nha-nuoc/CV.yaml" -o vanthu-nha-nuoc-CV.pdf
"$VANTHU" render "$ROOT/templates/examples/nha-nuoc/NQ.yaml" -o vanthu-nha-nuoc-NQ.pdf

python3 - "$PEERS/libreoffice/doc002.fodt" "$TMP" <<'EOF'
import sys, unicodedata
src, tmp = sys.argv[1], sys.argv[2]
fodt = open(src, encoding="utf-8").read()

# NFD: element and attribute names are ASCII, so decomposing the whole file touches only text.
open(f"{tmp}/lo-002-nfd.fodt", "w", encoding="utf-8").write(unicodedata.normalize("NFD", fodt))

def sub(s, old, new):
    assert old in s, old
    return s.replace(old, new)

ocr = fodt
ocr = sub(ocr, ">Nơi nhận:<", ">Noi nhân:<")
ocr = sub(ocr, ">T/M BAN THƯỜNG VỤ<", ">T/M BAN THƯỜNG v ụ<")
ocr = sub(ocr, '<text:p text:style-name="Signer">Nguyễn Việt Văn</text:p>', "")
ocr = sub(ocr, "Hải Lăng, ngày 15 tháng 3 năm 2023", "Hải Lăng, ngày 5 tháng 3 năm 2023")
open(f"{tmp}/lo-002-ocr.fodt", "w", encoding="utf-8").write(ocr)

st = fodt
st = sub(st, '<text:p text:style-name="HeadIssuer">ĐẢNG BỘ TỈNH QUẢNG TRỊ</text:p><text:p text:style-name="HeadIssuerBold">HUYỆN ỦY HẢI LĂNG</text:p>',
         '<text:p text:style-name="HeadIssuerBold">ỦY BAN NHÂN DÂN</text:p><text:p text:style-name="HeadIssuerBold">HUYỆN HẢI LĂNG</text:p>')
st = sub(st, '<text:p text:style-name="HeadIssuer">*</text:p>', "")
st = sub(st, ">Số 28-CT/HU<", ">Số: 12/QĐ-UBND<")
st = sub(st, '<text:p text:style-name="HeadParty">ĐẢNG CỘNG SẢN VIỆT NAM</text:p>',
         '<text:p text:style-name="HeadParty">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</text:p>'
         '<text:p text:style-name="HeadParty">Độc lập - Tự do - Hạnh phúc</text:p>')
st = sub(st, "Hải Lăng, ngày 15 tháng 3 năm 2023", "Hải Lăng, ngày 09 tháng 02 năm 2024")
st = sub(st, '>CHỈ THỊ</text:p>', '>QUYẾT ĐỊNH</text:p>')
st = sub(st, '<text:p text:style-name="Subject">CỦA BAN THƯỜNG VỤ HUYỆN ỦY</text:p>', "")
st = sub(st, ">Về đẩy mạnh và nâng cao chất lượng kết nạp đảng viên<", ">Về việc ban hành Quy chế phối hợp trong công tác<")
st = sub(st, ">trong tình hình mới<", ">tiếp công dân trên địa bàn huyện<")
rec_old = st[st.index('<text:p text:style-name="Recipient">'):st.index('</table:table-cell>', st.index('<text:p text:style-name="Recipient">'))]
rec_new = "".join(f'<text:p text:style-name="Recipient">- {r}</text:p>' for r in
                  ["Như Điều 3;", "Thường trực Huyện ủy (báo cáo);", "Chủ tịch, các PCT UBND huyện;", "Lưu: VT, NC."])
st = st.replace(rec_old, rec_new + "\n     ")
st = sub(st, '<text:p text:style-name="Sign">T/M BAN THƯỜNG VỤ</text:p><text:p text:style-name="Sign">BÍ THƯ</text:p>',
         '<text:p text:style-name="Sign">TM. ỦY BAN NHÂN DÂN</text:p><text:p text:style-name="Sign">KT. CHỦ TỊCH</text:p>'
         '<text:p text:style-name="Sign">PHÓ CHỦ TỊCH</text:p>')
st = sub(st, ">Nguyễn Việt Văn<", ">Trần Thị Mỹ Lệ<")
open(f"{tmp}/lo-state-qd.fodt", "w", encoding="utf-8").write(st)
EOF
for f in lo-002-nfd lo-002-ocr lo-state-qd; do
  soffice --headless --convert-to pdf --outdir "$TMP" "$TMP/$f.fodt" >/dev/null 2>&1
  cp "$TMP/$f.pdf" "$f.pdf"
done

pdftoppm -r 50 -gray -jpeg -f 1 -l 1 peer-002-xelatex.pdf "$TMP/scan"
img2pdf "$TMP"/scan*.jpg -o scan-002.pdf

qpdf --encrypt u o 256 -- peer-002-xelatex.pdf encrypted-user.pdf
qpdf --encrypt "" o 256 -- peer-002-xelatex.pdf encrypted-owner.pdf

size=$(wc -c < peer-002-xelatex.pdf)
head -c $((size * 6 / 10)) peer-002-xelatex.pdf > truncated-002.pdf

python3 - <<'EOF'
import random
data = open("peer-002-xelatex.pdf", "rb").read()
rng = random.Random(2024)
garbage = bytes(rng.randrange(256) for _ in range(4000))
open("damaged-002.pdf", "wb").write(data[:15] + garbage + b"\n%%EOF\n")
EOF
ls -l "$HERE"
