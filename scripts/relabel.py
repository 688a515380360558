"""Rewrite a coded waitgap sample extract the way trusts export it, for `make bench`.

usage: relabel.py CODED.csv OUT.csv labels|codelabel

labels:    NHS Data Dictionary labels ("White - British", "Priority 2", "Male", "Non-admitted",
           "Yes") and DD/MM/YYYY dates.
codelabel: code-and-label forms ("A - White - British", "1 - Male", "ORTT - Non-admitted") and
           unpadded D/M/YYYY dates.
`waitgap analyse` must give the coded file's figures on either (checked by FirstContactTests).
"""
import csv, sys
src, dst, style = sys.argv[1], sys.argv[2], sys.argv[3]
eth = {"A":"White - British","B":"White - Irish","C":"White - Any other White background","D":"Mixed - White and Black Caribbean","E":"Mixed - White and Black African","F":"Mixed - White and Asian","G":"Mixed - Any other mixed background","H":"Asian or Asian British - Indian","J":"Asian or Asian British - Pakistani","K":"Asian or Asian British - Bangladeshi","L":"Asian or Asian British - Any other Asian background","M":"Black or Black British - Caribbean","N":"Black or Black British - African","P":"Black or Black British - Any other Black background","R":"Other Ethnic Groups - Chinese","S":"Other Ethnic Groups - Any other ethnic group","Z":"Not stated","99":"Not known"}
sex = {"1":"Male","2":"Female","9":"Indeterminate","X":"Not known"}
lt = {"IRTT":"Admitted","ORTT":"Non-admitted"}
ld = {"Y":"Yes","N":"No","U":"Unknown"}
def date(v, unpadded):
    if not v: return v
    y,m,d = v.split("-")
    if unpadded: return f"{int(d)}/{int(m)}/{y}"
    return f"{d}/{m}/{y}"
with open(src, newline="") as f, open(dst, "w", newline="") as g:
    r = csv.DictReader(f); w = csv.DictWriter(g, fieldnames=r.fieldnames, lineterminator="\n")
    w.writeheader()
    for row in r:
        code = style == "codelabel"
        e = row["ethnic_category"]
        if e in eth: row["ethnic_category"] = (f"{e} - {eth[e]}" if code else eth[e])
        s = row["sex"]
        if s in sex: row["sex"] = (f"{s} - {sex[s]}" if code else sex[s])
        l = row["waiting_list_type"]
        if l in lt: row["waiting_list_type"] = (f"{l} - {lt[l]}" if code else lt[l])
        v = row["learning_disability"]
        if v in ld: row["learning_disability"] = ld[v]
        p = row["priority"]
        if p and not code: row["priority"] = "Priority " + p.upper().lstrip("P").replace("A","a").replace("B","b")
        for c in ("rtt_period_start_date","census_date"):
            row[c] = date(row[c], code)
        w.writerow(row)
