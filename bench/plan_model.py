#!/usr/bin/env python3
"""A line-by-line model of MLAPlan (kernels/include/jitguard/mla/plan.cuh) and of the host's bound on the
requests it splits (DecodeGeometry.splitRequestsBound): checks, for the device checks' shapes and 2,000
random batches, that every position of every request is covered once, that merge_requests lists the split
requests in order, and that there are never more of them than the bound (the merge's grid). Keep in step
with plan.cuh; run: python3 bench/plan_model.py"""
import math, random
T=256
def split_bound(batch, heads, hpc, sms, cps, max_work):
    hg=(heads+hpc-1)//hpc; tc=sms*cps; tw=(tc+hg-1)//hg
    tw=max(tw,batch); tw=min(tw,max_work)
    return tw-batch if tw>batch else 0
def plan(kv_len, heads, hpc=64, sms=132, cps=1, tile=64, max_work=None):
    batch=len(kv_len); max_work=max_work or batch+sms*2
    total=sum(max(l,0) for l in kv_len); longest=max([max(l,0) for l in kv_len]+[0])
    extra=split_bound(batch,heads,hpc,sms,cps,max_work)
    chunk=longest if longest>0 else 1
    if extra>0 and total>0: chunk=(total+extra-1)//extra
    chunk=max(chunk,4*tile); chunk=(chunk+tile-1)//tile*tile
    wr,ws,we,wp=[None]*max_work,[None]*max_work,[None]*max_work,[None]*max_work
    merge_indptr=[None]*(batch+1); merge_requests=[None]*max(batch,1)
    work_base=partial_base=split_base=0
    for rnd in range(0,batch,T):
        counts=[]; meta=[]
        for t in range(T):
            b=rnd+t; ln=0; chunks=0; even=chunk
            if b<batch:
                ln=max(kv_len[b],0); chunks=(ln+chunk-1)//chunk if ln>0 else 1
                if ln>0:
                    even=(ln+chunks-1)//chunks; even=(even+tile-1)//tile*tile; chunks=(ln+even-1)//even
            counts.append([chunks, chunks if chunks>1 else 0, 1 if chunks>1 else 0]); meta.append((b,ln,chunks,even))
        # exclusive scan
        pref=[[0,0,0] for _ in range(T)]; tot=[0,0,0]
        for t in range(T):
            for k in range(3): pref[t][k]=tot[k]; tot[k]+=counts[t][k]
        for t in range(T):
            b,ln,chunks,even=meta[t]
            if b<batch:
                work=pref[t][0]+work_base; partials=pref[t][1]+partial_base
                merge_indptr[b]=partials
                if chunks>1: merge_requests[pref[t][2]+split_base]=b
                for c in range(chunks):
                    s=c*even; e=min(s+even,ln)
                    assert work+c<max_work, (work,c,max_work)
                    wr[work+c]=b; ws[work+c]=s; we[work+c]=e; wp[work+c]=partials+c if chunks>1 else -1
        work_base+=tot[0]; partial_base+=tot[1]; split_base+=tot[2]
    merge_indptr[batch]=partial_base
    info=[work_base,partial_base,chunk,split_base]
    bound=min(batch, split_bound(batch,heads,hpc,sms,cps,max_work))
    assert info[3]<=bound, (info, bound)
    splits=[b for b in range(batch) if merge_indptr[b+1]-merge_indptr[b]>0]
    assert splits==merge_requests[:info[3]], (splits, merge_requests[:info[3]])
    # every position of every request covered exactly once
    for b in range(batch):
        cov=sorted((ws[i],we[i]) for i in range(info[0]) if wr[i]==b)
        pos=0
        for s,e in cov: assert s==pos; pos=e
        assert pos==max(kv_len[b],0) or (kv_len[b]<=0 and cov==[(0,0)]), (b,cov,kv_len[b])
    return info, bound
for shape in [[16384],[65536],[2048]*32,[4096]*128,[4096]*64,[8192]*64,[8192]*128,[16384]*16,
              [1]*30+[7000,0]+[1]*31+[300], [1,77,1000,0,64,4095,513,16383]]:
    for heads in (128,20):
        info,bound=plan(shape,heads)
        print(len(shape), heads, 'work',info[0],'partials',info[1],'chunk',info[2],'splits',info[3],'slots',bound)
random.seed(1)
for _ in range(2000):
    n=random.randint(1,600); heads=random.choice([1,16,20,64,65,128,256])
    lens=[random.choice([0,1,random.randint(1,5000),random.randint(1,70000)]) for _ in range(n)]
    plan(lens,heads, sms=random.choice([1,8,132]))
print('random ok')
