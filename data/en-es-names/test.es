un cocinero ocupado aprende doce canciones cuando las ballenas de Kihiaround estaban al lado de la lámpara .
habrá una mujer en DQGLN .
el amigo esperó a Nistan .
Keifei y diecisiete tías comerán catorce zanahorias limpias .
el estudiante rico de Staforre no lloró .
tu hija amarilla limpiará las ciudades de Buvam lentamente .
las puertas lentas y Riklen serán famosos .
tú llamas a Beishal .
tú estás debajo de tu playa porque la hija inteligente de Taviark y un león comen mi café .
Markzotil gritó al lado de su sombrero otra vez , pero dos caballos bebieron leche por la mañana .
él abre esta ventana y ellos querían ayudar a Cavia .
¿ dónde están Keifei y sus cámaras ?
Keifei trabajará al lado de su árbol azul mucho .
Gragrugul necesita las pizzas en un lago .
su tío saltará , pero Pouti nunca verá la araña .
el rey de Dutek corrió .
el niño quería ver a Stakshuth , pero Sagram nunca venderá un pato lento hoy .
un médico mirará a Beishal allí .
Sairsufrux amará a Lajo .
Dainbrath visitó Ziaguche .
la hija comió el tomate muy fácil de Haistor detrás de los restaurantes .
Grotidroth no recibe las tarjetas .
Teida y sus gatos muy grandes corren a sus granjas por la noche cuando Nithi escucha a ese cocinero .
Shoundhecais no bebió café cerrado allí .
los niños quieren abrir las cajas y Paxplinnan saltará para nuestra enfermera .
nueve hijos sucios ayudarán a Blafrutir .
el lobo comió nuestra sopa verde para CQ .
Nawiaxleirk siempre usó la mesa la semana pasada .
tú no puedes ir a esta iglesia marrón , pero una tía nunca llamó a Waifai .
yo romperé una tarjeta cuando Grotidroth estaba sobre dos cocinas .
ellos están en UKXO .
Keitos y Seirfan no escribirán esta carta .
esa abuela lleva la vela de Drublork para dieciséis mujeres , pero su tía tranquila grita .
Iha no será gris .
ella será muy vieja , pero esta abeja amarilla está en Shomgia .
un abuelo marrón y cuatro abuelos tristes gritan hoy , pero la ballena y Tifork serán ricos .
¿ dónde estará el panadero de Etrox ?
los amigos grandes de Gorkkuhirk compartieron un zapato difícil por la mañana .
Meshe no estará listo .
tu pintor nunca visitará Brechaik en nuestra escuela cuando ellos siempre usan un vestido detrás del hospital hoy .
tú no mirarás a Jagokraik .
tú caminaste a esa iglesia pequeña porque Blimgrem no lava dieciséis teléfonos con Caldei .
los cantantes cansados de Purkja hicieron las ensaladas .
nosotros gritamos porque Sagouji no bebe nuestro café muy pesado .
yo estaré detrás del cuchillo porque tú prepararás un limón para OZVB .
Thouthlindchia y Cehijaim querían buscar a Izo .
el museo de Josenu está roto , pero nosotros saltamos para ella .
él nunca encontró a Haivi debajo de tres puertas .
Oli y Friazohia no quieren esperar un tren largo .
Nawiaxleirk y Epar tocaron tu piano ayer .
Kowak siempre dormirá por la noche y Iaroum y Ulkregu están ocupados .
Bribaile está delante de los árboles .
ella llama a Purkja cuando el conejo estaba delante del museo .
Plokziavith será muy marrón .
Steistihem canta en los ríos .
nosotros vemos a Etrox por la mañana y ella cocina pescado verde debajo de su castillo .
tú querías romper su caja porque Rendtre y Broththilik viajaron a nuestra oficina gris .
Plivim no nadó para ella por la mañana porque los caballos no querrán una ventana .
ellos estarán en Thikrur .
mi rey escucha a nuestra tía en Pliakrico .
Greziral y Waltrimbaik llevaron un pastel gris .
Zomchahi quería romper unos platos listos .
el tío está en SVZPB .
Purkja y Aifrekbe siempre tomaron este pescado famoso para una reina por la mañana .
Paxplinnan será muy blanco cuando nosotros podemos gritar debajo de ese anillo .
Cheisikgi y Liabraizial quieren usar la computadora .
tú no necesitas las tarjetas de Thesoco sobre este hotel todos los días .
los perros enojados no corren a nuestro mercado y la abuela de Noujon llega al hotel por la noche .
el estudiante de Rahoziath nunca estudiará unos mapas calientes detrás del sombrero fuerte allí .
Milveiviax y Feijux vivieron el año pasado .
el cocinero amable de Funweith compra esa llave todos los días .
ellos no pueden usar las flores dulces de Zifix .
ella no saltó hoy y ellos dibujan a Thulfeir .
Pecou estudió los libros de Beishal con el rey .
el cantante viejo no preparará once naranjas para Geindra .
mis escritores pueden encontrar a Arkchus y un niño estudiará el libro tranquilo de Demas el próximo año .
Otricial y esta reina cantaron en MI .
Jokefa no estará en nuestro castillo .
veinte reinas siempre tocaron este piano amarillo con una enfermera porque yo lavaré los lápices modernos de Husil .
las tías de Frekjeis nunca fueron al aeropuerto .
ella no viajó a Plouja ayer .
tú vives cerca del teléfono por la noche y los cocineros de Iaroum no serán muy amarillos .
la enfermera lenta de Kibland quiere escribir la canción hermosa .
ellos llegarán a Dikain .
Abrei puede bailar en los hospitales grandes porque hay carne cerca de su calle amarilla .
Frebaithi está sobre siete zapatos porque una abuela inteligente no compró diez tenedores .
las niñas muy altas dibujarán los periódicos de Othdra .
las hijas de Jiatrax no lanzaron la manzana de Teisti .
Zitrem y Stabei necesitaron trece pianos .
Noknou y la hermana roja limpiaron el parque importante .
un abogado tocó ese piano fácil con Abax cuando yo siempre rompo la puerta de Druka en el puente .
nuestra reina comparte el limón de Ifrem en ZJKU .
Dizori y Ulkregu siempre llevan las peras allí .
Groveti y Deda estarán al lado de la granja .
ella nunca dormirá para JPYT hoy .
Lakdris dibuja los ríos .
Shabrachak necesitó este arroz .
yo aprendo siete canciones largas en las granjas y el cocinero de Groveti buscará a mis cantantes .
yo encuentro a Faxcark en una granja larga .
hay diecinueve niñas en Griapouda .
Staforre y Sini pueden esconder el zorro .
tu hijo y Gatazor rompen dieciocho árboles malos .
su madre llegará a Griapouda el próximo año .
ella hace la ensalada de Thoublekan .
un oso y Lukrinix nos encuentran en la casa fuerte .
Oustofi y Mifiasei lloraron .
los hombres ocupados y Paxplinnan nos miraron para él hoy .
Wenhia y dieciséis tíos rojos lo amaron hoy .
los monos limpios de Agriafria están delante de un bosque .
Blovaljaim y Aifrekbe querían descansar .
¿ dónde estarán los coches de Othdra ?
Biwoukplai puede vivir .
él siempre abre su caja por la mañana cuando Izai y Diadou querían compartir los juguetes .
las hijas de Vapaiblei no lloran otra vez .
Zialik no estaba delante del aeropuerto .
Greigrumrai y una uva estarán muy limpios .
Shasnianend era gris .
nuestro hijo llamará a Pomezou aquí .
Jupleimerk comprará esas uvas sucias .
los granjeros de Brethwo prepararán el pescado difícil la próxima semana .
dos pintores no bailaron cuando tú miraste a los niños de Greista al lado de un cuadro .
nuestro hermano y el abuelo de Sagram pintarán un mercado vacío .
Reixrias y Gopei miraron mi libro muy morado con Abeim .
ella beberá mi café , pero esos amigos divertidos quieren correr a Briciathal .
la ballena de Grotidroth era muy divertida .
Plivim y la niña de Hiachous trabajaron para WZR .
Herja puede comprar esa manzana alta porque ellos recibieron la carta .
Dopla estará cansada .
Thoustafro y Shoundhecais no pueden necesitar un tomate .
Trafaimou viaja por la noche .
nosotros estábamos en ZJKU .
tres panaderos llegan a un lago porque un panadero visita a Esfa .
nosotros escribimos la canción de Brodrei por la mañana .
él llegará a Bachicouk y yo viviré delante de la vela .
Saxciafri y un niño escribirán una tarjeta lentamente .
Abeim y quince pintores llevarán el vino sobre sus mapas viejos .
Otricial y la vaca vieja eran blancos .
Habregeth no escribió la carta cerrada por la noche .
él siempre visitará a Gatei .
la bicicleta y Groblath estarán llenos , pero yo recibiré un billete hoy .
Brodrei siempre vio a estos cocineros .
Dutek estará ocupado porque el padre quería recibir las tarjetas .
Debre y Geirogri recibieron una tarjeta por la noche .
Feijux estaba debajo de los juguetes verdes .
Unia quiere gritar en Chianchil .
Sagra y Traxko nadan con ella todos los días .
tus escritores nunca esconden diecinueve pájaros con Aifrekbe por la mañana .
yo siempre te llamaré allí y Frazail y Dizori eran pequeños .
el rey de Afre y Jiasta eran fuertes , pero los limones estaban debajo de seis guitarras .
tu mujer joven encuentra una canción y Traidram y un padre escucharán a Hudro allí .
la sopa muy caliente estaba al lado de un castillo , pero Oukrai puede cocinar el chocolate .
la hija dibuja a Broubogron lentamente .
Zomchahi es amable porque diecisiete reinas contentas nunca lloran .
cinco abuelas buenas no cerrarán la bolsa de Sispan mañana , pero nosotros podemos buscar a un panadero amable .
Plokziavith y Tharai duermen delante de seis árboles por la mañana .
los niños buscaron a Stakshuth .
Diakta y Esfa estaban delante de los cuchillos .
los reyes de Ekrecel nunca bailaron ayer , pero la enfermera no quiere dormir cerca de muchos anillos .
Aivirind no trajo nuestra manzana larga y los amigos compran la galleta fea .
tú lloraste para VOR .
Buvam y un hombre no lanzarán la pelota .
una hermana quiere esperar a Teida .
un granjero canta rápidamente porque Cema y Staforre cantan .
Meizes y los panaderos no duermen debajo de siete ventanas ahora .
Krodror y dieciséis amigos esperaron el autobús de Drublork .
ella será joven porque Brodrei estará detrás del lápiz .
Meizes no quería aprender tres canciones amarillas .
Blimgrem compra su cama nueva allí .
él visita a Nojiark .
catorce hijas lavarán las arañas de Piamha .
Friazohia no quería nadar .
el niño tranquilo de Shakewou nunca llamó a las hijas .
una reina y Sorai están limpios .
¿ dónde estarán Lajo y Kaplaicon ?
él no compartirá los sombreros de Tifork detrás del vestido caro .
había diecinueve autobuses en sus parques blancos cuando yo voy a Shoubrair .
el hombre de Zoucaitreth no esperó a Saxciafri .
Steistihem y nuestro hermano siempre tienen tus libros buenos con Kandhezou .
tú querías compartir jugo divertido , pero Bloshaikmu y Trafaimou abrirán las tiendas .
él es negro cuando Brero siempre nada con Oli .
él visitará Lasnai .
Koubeistar y Ufograix escucharon una canción para Iha .
Mindso y Diadou siempre viven delante de tu juguete .
Ciacax no saltará .
Groveti y Stofetruk lo vieron ayer cuando tres médicos nos encuentran .
ella no encontró a Igrarkre , pero su cantante contento limpia los periódicos .
él ama a Lakdris .
Droubrolnos y Hetuna lanzan nuestras llaves detrás del lápiz largo .
Githchoutha llevó la manta hoy .
¿ dónde estaba Jaisstabla ?
el amigo marrón ayudó a Toblemu allí .
yo romperé el reloj de Plivim cuando ellos compartieron las sillas .
yo toqué su guitarra con Poutrokrou .
tú comerás trece zanahorias en SSABV cuando yo siempre nos espero .
yo estaba en JPYT cuando él estaba triste .
Samsher era viejo .
un estudiante quiere ayudar a Jetheli .
yo quería cerrar doce libros porque Rekifus y Frestiath toman esa cama para Blaidar .
mi panadero nunca pintó su iglesia y Olei y Bloshaikmu dibujaron su granja por la noche .
Waltrimbaik ama a la hija todos los días .
