function _u(s){return unescape(encodeURIComponent(s));}
function _hex(words,be){var h='';for(var i=0;i<words.length*4;i++){var b=be?(words[i>>2]>>>(24-8*(i%4)))&255:(words[i>>2]>>>(8*(i%4)))&255;h+=(b<16?'0':'')+b.toString(16);}return h;}
function _blocks(s,be){s=_u(s);var n=s.length,w=[];for(var i=0;i<n;i++){w[i>>2]|=(s.charCodeAt(i)&255)<<(be?24-8*(i%4):8*(i%4));}w[n>>2]|=0x80<<(be?24-8*(n%4):8*(n%4));var len=(((n+8)>>6)+1)*16;for(i=0;i<len;i++){w[i]=w[i]|0;}if(be){w[len-1]=n*8;}else{w[len-2]=n*8;}return w;}
function _rol(x,n){return (x<<n)|(x>>>(32-n));}
function md5(s){var x=_blocks(s,false),a=1732584193,b=-271733879,c=-1732584194,d=271733878;
var S=[7,12,17,22,5,9,14,20,4,11,16,23,6,10,15,21],K=[];for(var i=0;i<64;i++){K[i]=Math.floor(Math.abs(Math.sin(i+1))*4294967296)|0;}
for(var o=0;o<x.length;o+=16){var A=a,B=b,C=c,D=d;for(var j=0;j<64;j++){var f,g,r=j>>4;
if(r===0){f=(B&C)|(~B&D);g=j;}else if(r===1){f=(D&B)|(~D&C);g=(5*j+1)%16;}else if(r===2){f=B^C^D;g=(3*j+5)%16;}else{f=C^(B|~D);g=(7*j)%16;}
var t=D;D=C;C=B;B=(B+_rol((A+f+K[j]+x[o+g])|0,S[r*4+j%4]))|0;A=t;}
a=(a+A)|0;b=(b+B)|0;c=(c+C)|0;d=(d+D)|0;}return _hex([a,b,c,d],false);}
function sha1(s){var x=_blocks(s,true),h=[1732584193,-271733879,-1732584194,271733878,-1009589776],w=[];
for(var o=0;o<x.length;o+=16){var a=h[0],b=h[1],c=h[2],d=h[3],e=h[4];for(var j=0;j<80;j++){w[j]=j<16?x[o+j]:_rol(w[j-3]^w[j-8]^w[j-14]^w[j-16],1);
var f=j<20?((b&c)|(~b&d))+1518500249:j<40?(b^c^d)+1859775393:j<60?((b&c)|(b&d)|(c&d))-1894007588:(b^c^d)-899497514;
var t=(_rol(a,5)+f+e+w[j])|0;e=d;d=c;c=_rol(b,30);b=a;a=t;}
h[0]=(h[0]+a)|0;h[1]=(h[1]+b)|0;h[2]=(h[2]+c)|0;h[3]=(h[3]+d)|0;h[4]=(h[4]+e)|0;}return _hex(h,true);}
function sha256(s){var x=_blocks(s,true),K=[],H=[],w=[],n=0,p=2;
function frac(v){return ((v-Math.floor(v))*4294967296)|0;}
while(n<64){var prime=true;for(var q=2;q*q<=p;q++){if(p%q===0){prime=false;break;}}if(prime){if(n<8){H[n]=frac(Math.pow(p,1/2));}K[n]=frac(Math.pow(p,1/3));n++;}p++;}
function R(v,k){return (v>>>k)|(v<<(32-k));}
for(var o=0;o<x.length;o+=16){var a=H.slice(0);for(var j=0;j<64;j++){if(j<16){w[j]=x[o+j];}else{var s0=R(w[j-15],7)^R(w[j-15],18)^(w[j-15]>>>3),s1=R(w[j-2],17)^R(w[j-2],19)^(w[j-2]>>>10);w[j]=(w[j-16]+s0+w[j-7]+s1)|0;}
var S1=R(a[4],6)^R(a[4],11)^R(a[4],25),ch=(a[4]&a[5])^(~a[4]&a[6]),t1=(a[7]+S1+ch+K[j]+w[j])|0,S0=R(a[0],2)^R(a[0],13)^R(a[0],22),mj=(a[0]&a[1])^(a[0]&a[2])^(a[1]&a[2]),t2=(S0+mj)|0;
a=[(t1+t2)|0,a[0],a[1],a[2],(a[3]+t1)|0,a[4],a[5],a[6]];}
for(j=0;j<8;j++){H[j]=(H[j]+a[j])|0;}}return _hex(H,true);}
