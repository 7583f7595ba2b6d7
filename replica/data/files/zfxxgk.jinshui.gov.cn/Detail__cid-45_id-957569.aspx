<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<meta name="ArticleTitle" content="郑州市金水区市场监督管理局2021年政府信息公开工作年度报告">
<meta name="PubDate" content="2022-01-24 09:03">
<meta name="ContentSource" content="郑州市金水区市场监督管理局">
<meta name="ColumnName" content="政府信息公开年度报告">
<title>郑州市金水区市场监督管理局2021年政府信息公开工作年度报告</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<form method="post" action="./Detail.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" value="5ZZNLujW3slDoWAByg1w/5A/lFDl6FDydDfmSYAVkSjllk0u6NbeyUOhYAHKDXD/kD+UUOXoUPJ0N+ZJgBWRKA==" /><table class="xxgk-meta"><tr><td>索引号：</td><td>410105-2022-50114</td><td>发布机构：</td><td>郑州市金水区市场监督管理局</td></tr><tr><td>成文日期：</td><td>2022-01-12</td><td>发布日期：</td><td>2022-01-24</td></tr></table><h1>郑州市金水区市场监督管理局2021年政府信息公开工作年度报告</h1><div id="content" class="content"><p style="text-align:center"><strong>郑州市金水区市场监督管理局2021年政府信息公开工作年度报告</strong></p>
<p><strong>一、总体情况</strong></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">2021年，郑州市金水区市场监督管理局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和上级关于政务公开工作的部署要求，坚持“以公开为常态、不公开为例外”，扎实推进政务公开各项工作。</span></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">（一）主动公开情况。全年主动公开政府信息3671条，其中通过政府门户网站公开2051条。及时发布政策文件及解读、财政预决算、人事任免等信息。</span></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">（二）依申请公开情况。全年新收政府信息公开申请15件，办结14件，结转下年度继续办理1件。</span></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">（三）政府信息管理情况。严格落实信息发布“三审三校”制度，开展公开属性认定和保密审查。</span></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">（四）政府信息公开平台建设情况。完善政务服务中心政务公开专区建设，提供政府信息查阅服务。</span></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">（五）监督保障情况。将政务公开纳入绩效考核，定期开展自查整改。</span></p>
<p><strong>二、主动公开政府信息情况</strong></p>
<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none">
<tbody>
<tr>
<td colspan="4" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">第二十条第(一)项</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">信息内容</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">本年制发件数</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">本年废止件数</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">现行有效件数</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">规章</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">规范性文件</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">6</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">3</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">21</span></p></td>
</tr>
<tr>
<td colspan="4" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">第二十条第(五)项</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">信息内容</span></p></td>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">本年处理决定数量</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">行政许可</span></p></td>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">137</span></p></td>
</tr>
<tr>
<td colspan="4" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">第二十条第(六)项</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">信息内容</span></p></td>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">本年处理决定数量</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">行政处罚</span></p></td>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">行政强制</span></p></td>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td colspan="4" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">第二十条第(八)项</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">信息内容</span></p></td>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">本年收费金额(单位：万元)</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">行政事业性收费</span></p></td>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
</tbody>
</table>
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none">
<tbody>
<tr>
<td rowspan="3" colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)</span></p></td>
<td colspan="7" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">申请人情况</span></p></td>
</tr>
<tr>
<td rowspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">自<br/>然<br/>人</span></p></td>
<td colspan="5" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">法人或其他组织</span></p></td>
<td rowspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">总<br/>计</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">商<br/>业<br/>企<br/>业</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">科<br/>研<br/>机<br/>构</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">社<br/>会<br/>公<br/>益<br/>组<br/>织</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">法<br/>律<br/>服<br/>务<br/>机<br/>构</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">其<br/>他</span></p></td>
</tr>
<tr>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">一、本年新收政府信息公开申请数量</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">13</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">15</span></p></td>
</tr>
<tr>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">二、上年结转政府信息公开申请数量</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td rowspan="22" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">三、本年度办理结果</span></p></td>
<td colspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(一)予以公开</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">6</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">6</span></p></td>
</tr>
<tr>
<td colspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(二)部分公开(区分处理的，只计这一情形，不计其他情形)</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td rowspan="8" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(三)不予公开</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1.属于国家秘密</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">2.其他法律行政法规禁止公开</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">3.危及“三安全一稳定”</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">4.保护第三方合法权益</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">5.属于三类内部事务信息</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">6.属于四类过程性信息</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">7.属于行政执法案卷</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">8.属于行政查询事项</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td rowspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(四)无法提供</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1.本机关不掌握相关政府信息</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">5</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">6</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">2.没有现成信息需要另行制作</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">3.补正后申请内容仍不明确</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td rowspan="5" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(五)不予处理</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1.信访举报投诉类申请</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">2.重复申请</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">3.要求提供公开出版物</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">4.无正当理由大量反复申请</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">5.要求行政机关确认或重新出具已获取信息</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td rowspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(六)其他处理</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="left" style="text-align:left"><span style="font-size:10.5pt;font-family:仿宋_GB2312">2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">3.其他</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
<tr>
<td colspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">(七)总计</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">13</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">14</span></p></td>
</tr>
<tr>
<td colspan="3" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">四、结转下年度继续办理</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
</tr>
</tbody>
</table>
<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none">
<tbody>
<tr>
<td colspan="5" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">行政复议</span></p></td>
<td colspan="10" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">行政诉讼</span></p></td>
</tr>
<tr>
<td rowspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">结<br/>果<br/>维<br/>持</span></p></td>
<td rowspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">结<br/>果<br/>纠<br/>正</span></p></td>
<td rowspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">其<br/>他<br/>结<br/>果</span></p></td>
<td rowspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">尚<br/>未<br/>审<br/>结</span></p></td>
<td rowspan="2" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">总<br/>计</span></p></td>
<td colspan="5" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">未经复议直接起诉</span></p></td>
<td colspan="5" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">复议后起诉</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">结<br/>果<br/>维<br/>持</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">结<br/>果<br/>纠<br/>正</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">其<br/>他<br/>结<br/>果</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">尚<br/>未<br/>审<br/>结</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">总<br/>计</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">结<br/>果<br/>维<br/>持</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">结<br/>果<br/>纠<br/>正</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">其<br/>他<br/>结<br/>果</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">尚<br/>未<br/>审<br/>结</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">总<br/>计</span></p></td>
</tr>
<tr>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">1</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
<td valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:仿宋_GB2312">0</span></p></td>
</tr>
</tbody>
</table>
<p><strong>五、政府信息公开工作存在的主要问题及改进情况</strong></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">政务公开工作仍存在一些不足：一是政策解读形式较为单一，图解、视频等多样化解读偏少；二是信息公开的及时性和规范性有待提升。下一步，我们将加强政策解读，丰富解读形式，完善信息发布审核机制，进一步提升政务公开工作水平。</span></p>
<p><strong>六、其他需要报告的事项</strong></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">本年度未收取信息处理费。</span></p>
<p style="text-align:right">郑州市金水区市场监督管理局</p>
<p style="text-align:right">2022年1月9日</p>
</div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
